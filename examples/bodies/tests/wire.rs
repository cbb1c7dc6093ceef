//! What the bodies fixture's operations put on the wire (multipart with file parts, form,
//! octet-stream and text bodies, with their `Content-Type`) and how answers decode (each success
//! variant, typed errors for documented and undocumented statuses, documented headers).

use bodies_sdk::operations::files::{
    DeleteBlobError, GetBlobError, GetBlobHeaders, LoginError, LoginHeaders, PutBlobHeaders,
    UploadPhotoError, UploadPhotoForm,
};
use bodies_sdk::operations::jobs::{GetJobError, GetJobHeaders, GetJobOutput};
use bodies_sdk::types::{
    BlobKind, Error2, JobProgress, JobResult, LoginBody, Note, PhotoMeta,
    UploadPhotoPayloadTooLarge, ValidationError,
};
use bodies_sdk::Client;
use sdk_runtime::{Config, Credentials, FilePart, Multipart, OperationError, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let config = Config::builder()
        .endpoint(server.uri())
        .allow_http(true)
        .credentials(Credentials::token("t"))
        .retry(RetryPolicy::none())
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

async fn last_request(server: &MockServer) -> wiremock::Request {
    let mut received = server.received_requests().await.expect("recording is on");
    received.pop().expect("a request arrived")
}

fn content_type(request: &wiremock::Request) -> &str {
    request
        .headers
        .get("content-type")
        .expect("a content type")
        .to_str()
        .expect("ASCII")
}

/// A server answering every request with `status`, `body` and `headers`.
async fn answering(status: u16, body: &[u8], headers: &[(&str, &str)]) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status).set_body_bytes(body.to_vec());
    for (name, value) in headers {
        template = template.insert_header(*name, *value);
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_multipart_upload_sends_text_json_and_file_parts_under_one_boundary() {
    let server = answering(201, br#"{"id":"p1","size":4}"#, &[]).await;
    let photo = FilePart::new(vec![0x89, b'P', b'N', b'G'])
        .filename("cat.png")
        .content_type("image/png");
    let form = UploadPhotoForm {
        caption: Some("a cat".into()),
        rating: Some(5),
        tags: Some(vec!["cute".into(), "grey".into()]),
        meta: Some(PhotoMeta::default().with_width(2)),
        extras: Some(vec![FilePart::new(&b"raw"[..])]),
        ..UploadPhotoForm::new(photo)
    };
    let stored = client(&server)
        .upload_photo("rex", form)
        .send()
        .await
        .expect("201 decodes");
    assert_eq!((stored.id.as_str(), stored.size), ("p1", Some(4)));

    let request = last_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/pets/rex/photos");
    let boundary = content_type(&request)
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type")
        .to_owned();
    // Parts in the spec's property order; unset optional parts are left out.
    let expected = [
        "Content-Disposition: form-data; name=\"photo\"; filename=\"cat.png\"\r\nContent-Type: image/png\r\n\r\n\u{89}PNG",
        "Content-Disposition: form-data; name=\"caption\"\r\n\r\na cat",
        "Content-Disposition: form-data; name=\"rating\"\r\n\r\n5",
        "Content-Disposition: form-data; name=\"tags\"\r\n\r\ncute",
        "Content-Disposition: form-data; name=\"tags\"\r\n\r\ngrey",
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"width\":2}",
        "Content-Disposition: form-data; name=\"extras\"\r\nContent-Type: application/octet-stream\r\n\r\nraw",
    ];
    let mut body = Vec::new();
    for part in expected {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        // The photo's first byte is 0x89, not the UTF-8 of U+0089.
        body.extend(part.chars().map(|c| c as u32 as u8));
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(
        request.body,
        body,
        "{}",
        String::from_utf8_lossy(&request.body)
    );
}

#[tokio::test]
async fn a_free_form_multipart_body_is_sent_as_the_caller_built_it() {
    let server = answering(204, b"", &[]).await;
    let form = Multipart::new()
        .text("note", "hi")
        .file("doc", FilePart::new(&b"%PDF"[..]).filename("a.pdf"));
    client(&server)
        .attach()
        .body(form)
        .send()
        .await
        .expect("204");
    let request = last_request(&server).await;
    let boundary = content_type(&request)
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let text = String::from_utf8(request.body.clone()).expect("text");
    assert_eq!(
        text,
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.pdf\"\r\nContent-Type: application/octet-stream\r\n\r\n%PDF\r\n\
             --{boundary}--\r\n"
        )
    );
}

#[tokio::test]
async fn a_form_body_is_url_encoded_and_the_text_answer_and_headers_decode() {
    let server = answering(
        200,
        b"tok-123",
        &[
            ("content-type", "text/plain"),
            ("x-rate-limit-remaining", "7"),
            ("x-expires-after", "2026-12-02T10:00:00Z"),
        ],
    )
    .await;
    let body = LoginBody::new("ann", "p&ss w=1")
        .with_remember(true)
        .with_scopes(["read", "write"]);
    let reply = client(&server)
        .login(body)
        .send_with_metadata()
        .await
        .expect("200");
    assert_eq!(reply.value(), "tok-123");
    assert_eq!(
        reply.typed_headers::<LoginHeaders>(),
        LoginHeaders {
            x_rate_limit_remaining: Some(7),
            x_expires_after: Some("2026-12-02T10:00:00Z".into()),
        }
    );
    let request = last_request(&server).await;
    assert_eq!(content_type(&request), "application/x-www-form-urlencoded");
    // One pair per set property (lists exploded), `+` for spaces, reserved characters escaped.
    assert_eq!(
        String::from_utf8(request.body).expect("ASCII"),
        "password=p%26ss+w%3D1&remember=true&scopes=read&scopes=write&username=ann"
    );
}

#[tokio::test]
async fn a_documented_text_error_decodes_as_text() {
    let server = answering(400, b"wrong password", &[]).await;
    let err = client(&server)
        .login(LoginBody::new("ann", "x"))
        .send()
        .await
        .expect_err("400");
    assert_eq!(
        err.typed::<LoginError>(),
        Some(LoginError::BadRequest("wrong password".into()))
    );
    let request = last_request(&server).await;
    assert_eq!(
        String::from_utf8(request.body).expect("ASCII"),
        "password=x&username=ann"
    );
}

#[tokio::test]
async fn octet_stream_bodies_go_out_and_come_back_as_bytes() {
    let server = answering(204, b"", &[("etag", "\"v2\"")]).await;
    let reply = client(&server)
        .put_blob("k 1", vec![0u8, 1, 2, 255])
        .send_with_metadata()
        .await
        .expect("204");
    assert_eq!(
        reply.typed_headers::<PutBlobHeaders>().e_tag.as_deref(),
        Some("\"v2\"")
    );
    let request = last_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/blobs/k%201");
    assert_eq!(content_type(&request), "application/octet-stream");
    assert_eq!(request.body, [0u8, 1, 2, 255]);

    let server = answering(
        200,
        &[0xde, 0xad, 0xbe, 0xef],
        &[("etag", "\"v3\""), ("x-blob-kind", "image")],
    )
    .await;
    let reply = client(&server)
        .get_blob("k")
        .send_with_metadata()
        .await
        .expect("200");
    assert_eq!(&reply.value()[..], &[0xde, 0xad, 0xbe, 0xef]);
    assert_eq!(
        reply.typed_headers::<GetBlobHeaders>(),
        GetBlobHeaders {
            e_tag: Some("\"v3\"".into()),
            x_blob_kind: Some(BlobKind::Image),
        }
    );
}

#[tokio::test]
async fn a_wildcard_media_type_is_sent_as_octet_stream() {
    let server = answering(204, b"", &[]).await;
    client(&server)
        .post_image()
        .body(&b"GIF89a"[..])
        .send()
        .await
        .expect("204");
    let request = last_request(&server).await;
    assert_eq!(content_type(&request), "application/octet-stream");
    assert_eq!(request.body, b"GIF89a");
}

#[tokio::test]
async fn text_bodies_are_utf8_both_ways() {
    let server = answering(200, "stored: héllo".as_bytes(), &[]).await;
    let text = client(&server)
        .put_note(7, "héllo")
        .send()
        .await
        .expect("200");
    assert_eq!(text, "stored: héllo");
    let request = last_request(&server).await;
    assert_eq!(content_type(&request), "text/plain");
    assert_eq!(request.body, "héllo".as_bytes());

    // Bytes that are not UTF-8 are a decode error, not text with replacement characters.
    let server = answering(200, &[0xff, 0xfe], &[]).await;
    let err = client(&server)
        .put_note(7, String::from("x"))
        .send()
        .await
        .expect_err("not UTF-8");
    assert!(err.is_decode(), "{err}");
    assert_eq!(err.body(), Some(&[0xff, 0xfe][..]));
}

#[tokio::test]
async fn json_is_preferred_when_several_request_media_types_are_offered() {
    let server = answering(200, br#"{"text":"ok"}"#, &[]).await;
    let note = Note::default().with_text("a b");
    let stored = client(&server)
        .post_note(1, note)
        .send()
        .await
        .expect("200");
    assert_eq!(stored.text.as_deref(), Some("ok"));
    let request = last_request(&server).await;
    assert_eq!(content_type(&request), "application/json");
    assert_eq!(request.body, br#"{"text":"a b"}"#);
}

#[tokio::test]
async fn each_success_status_decodes_as_its_own_variant() {
    let server = MockServer::start().await;
    let replies = [
        ResponseTemplate::new(200).set_body_string(r#"{"output":"done"}"#),
        ResponseTemplate::new(202)
            .set_body_string(r#"{"percent":40}"#)
            .insert_header("retry-after", "3"),
        ResponseTemplate::new(204),
        // A 2xx the spec does not list is reported, never decoded as another status's type.
        ResponseTemplate::new(203).set_body_string(r#"{"output":"done"}"#),
    ];
    for reply in replies {
        Mock::given(method("GET"))
            .and(path("/jobs/j1"))
            .respond_with(reply)
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    let c = client(&server);
    let done = c.get_job("j1").send().await.expect("200");
    assert_eq!(done, GetJobOutput::Ok(JobResult::new("done")));
    let running = c.get_job("j1").send_with_metadata().await.expect("202");
    assert_eq!(
        running.value(),
        &GetJobOutput::Accepted(JobProgress::new(40))
    );
    assert_eq!(
        running.typed_headers::<GetJobHeaders>().retry_after,
        Some(3)
    );
    let cancelled = c.get_job("j1").send().await.expect("204");
    assert_eq!(cancelled, GetJobOutput::NoContent);
    let undocumented = c
        .get_job("j1")
        .send()
        .await
        .expect_err("203 is not documented");
    assert_eq!(undocumented.status(), Some(203));
    assert!(undocumented.is_api(), "{undocumented}");
}

#[tokio::test]
async fn documented_errors_decode_by_status_code_range_and_default() {
    let cases: [(u16, &[u8], GetJobError); 5] = [
        (
            404,
            br#"{"code":"NOPE","message":"no job"}"#,
            GetJobError::NotFound(Error2::new("NOPE").with_message("no job")),
        ),
        (409, b"", GetJobError::Conflict),
        (
            422,
            br#"{"field":"id","reason":"too long"}"#,
            GetJobError::ClientError(
                ValidationError::default()
                    .with_field("id")
                    .with_reason("too long"),
            ),
        ),
        (
            503,
            b"maintenance",
            GetJobError::ServerError("maintenance".into()),
        ),
        // A documented status whose body does not match its schema.
        (404, b"<html>gateway</html>", GetJobError::Unknown),
    ];
    for (status, body, expected) in cases {
        let server = answering(status, body, &[]).await;
        let err = client(&server)
            .get_job("j1")
            .send()
            .await
            .expect_err("an error status");
        // The uniform error is still there for `?`, retries and logs.
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.typed::<GetJobError>(), Some(expected.clone()));
        assert_eq!(GetJobError::from_error(&err), Some(expected));
    }

    let server = answering(500, br#"{"code":"E500"}"#, &[]).await;
    let err = client(&server).get_blob("k").send().await.expect_err("500");
    assert_eq!(
        err.typed::<GetBlobError>(),
        Some(GetBlobError::Default(Error2::new("E500")))
    );
}

#[tokio::test]
async fn operations_with_the_same_errors_share_one_enum() {
    let server = answering(404, br#"{"code":"GONE"}"#, &[]).await;
    let err = client(&server)
        .delete_blob("k")
        .send()
        .await
        .expect_err("404");
    let expected = GetBlobError::NotFound(Error2::new("GONE"));
    // `DeleteBlobError` and `GetBlobError` name the same type.
    let typed: Option<DeleteBlobError> = err.typed::<GetBlobError>();
    assert_eq!(typed, Some(expected));
    assert_eq!(last_request(&server).await.method.as_str(), "DELETE");
}

#[tokio::test]
async fn an_undocumented_status_is_unknown_and_other_failures_are_not_typed() {
    let server = answering(413, br#"{"max_bytes":1024}"#, &[]).await;
    let form = UploadPhotoForm::new(FilePart::new(vec![1, 2, 3]));
    let err = client(&server)
        .upload_photo("rex", form.clone())
        .send()
        .await
        .expect_err("413");
    assert_eq!(
        err.typed::<UploadPhotoError>(),
        Some(UploadPhotoError::PayloadTooLarge(
            UploadPhotoPayloadTooLarge::default().with_max_bytes(1024)
        ))
    );

    let server = answering(500, br#"{"code":"E"}"#, &[]).await;
    let err = client(&server)
        .upload_photo("rex", form.clone())
        .send()
        .await
        .expect_err("500");
    assert_eq!(
        err.typed::<UploadPhotoError>(),
        Some(UploadPhotoError::Unknown)
    );

    // A failure with no answer (nothing listens here) has no typed error.
    let config = Config::builder()
        .endpoint("http://127.0.0.1:9")
        .allow_http(true)
        .credentials(Credentials::token("t"))
        .retry(RetryPolicy::none())
        .build()
        .expect("config");
    let err = Client::new(config)
        .expect("client")
        .upload_photo("rex", form)
        .send()
        .await
        .expect_err("no server");
    assert_eq!(err.typed::<UploadPhotoError>(), None);
}
