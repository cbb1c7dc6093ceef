//! The README's usage example, compiled with the crate so it cannot rot.
//!
//! Run against the real service with credentials in the environment:
//! `HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=... \
//!  HUAWEICLOUD_SDK_REGION=cn-north-4 cargo run -p modelarts-data --example quickstart -- <dataset-id>`

use modelarts_data::{types, Client, Config, Credentials, Error};

#[tokio::main]
async fn main() -> Result<(), modelarts_data::Error> {
    let Some(dataset_id) = std::env::args().nth(1) else {
        eprintln!("usage: quickstart <dataset-id> [<sample-id-to-delete>...]");
        std::process::exit(2);
    };
    let client = if std::env::var_os("HUAWEICLOUD_SDK_AK").is_some() {
        Client::from_env()?
    } else {
        // The same configuration, written in code.
        let config = Config::builder()
            .region("cn-north-4")
            .credentials(Credentials::aksk("my-ak", "my-sk"))
            .project_id("0123456789abcdef0123456789abcdef")
            .build()?;
        Client::new(config)?
    };

    let page = client.list_samples(&dataset_id).limit(50).send().await?;
    println!(
        "{} samples in the dataset",
        page.sample_count.unwrap_or_default()
    );

    let every_sample = client
        .list_samples(&dataset_id)
        .limit(100)
        .send_all()
        .await?;
    println!("{} samples fetched page by page", every_sample.len());

    let sample_ids: Vec<String> = std::env::args().skip(2).collect();
    if !sample_ids.is_empty() {
        let body = types::DeleteSamplesRequest::default().with_samples(sample_ids);
        // A 200 may still report that some samples were not deleted: `send()` then returns
        // `Error::Batch`, which names every failed (or unknown) sample id.
        match client.delete_samples(&dataset_id, body).send().await {
            Ok(_) => println!("every sample deleted"),
            Err(Error::Batch(batch)) => {
                for (id, outcome) in batch.failed().iter().chain(batch.unknown()) {
                    eprintln!("{id}: {outcome}");
                }
                eprintln!("{batch}");
            }
            Err(e) => eprintln!(
                "failed: status {:?}, code {:?}, message {:?}, request id {:?}",
                e.status(),
                e.error_code(),
                e.error_msg(),
                e.request_id()
            ),
        }
        // Any number of ids: chunks of 100, 4 requests at a time, one outcome per id.
        let report = client
            .delete_samples_bulk(&dataset_id, ["id-1", "id-2", "id-3"])
            .send_report()
            .await;
        let (deleted, failed, unknown) = report.counts();
        println!("deleted {deleted}, failed {failed}, unknown {unknown}");
    }
    Ok(())
}
