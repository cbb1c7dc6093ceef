//! Deletes samples by id and prints what happened to each one.
//!
//! ```text
//! cargo run -p modelarts-data --example delete_samples -- [--endpoint URL] <dataset-id> <sample-id>...
//! ```
//!
//! Credentials and the project come from the environment (`HUAWEICLOUD_SDK_AK`,
//! `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_REGION`, ...);
//! `--endpoint` points the client at another server, such as a local one (`http://` allowed).
//! Exits with 1 when any sample failed or its outcome is unknown, 2 on bad arguments.

use std::process::ExitCode;

use modelarts_data::runtime::ItemOutcome;
use modelarts_data::{types, Client, Config, Error};

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}");
    eprintln!("usage: delete_samples [--endpoint URL] <dataset-id> <sample-id>...");
    ExitCode::from(2)
}

/// A client from the environment, pointed at `endpoint` when one is given.
fn client(endpoint: Option<String>) -> Result<Client, Error> {
    let mut config = Config::from_env()?;
    if let Some(url) = endpoint {
        config = config.allow_http(url.starts_with("http://")).endpoint(url);
    }
    Client::new(config.build()?)
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let mut endpoint = None;
    if args.peek().map(String::as_str) == Some("--endpoint") {
        args.next();
        match args.next() {
            Some(url) => endpoint = Some(url),
            None => return usage("--endpoint needs a URL"),
        }
    }
    let Some(dataset_id) = args.next() else {
        return usage("missing <dataset-id>");
    };
    let sample_ids: Vec<String> = args.collect();
    if sample_ids.is_empty() {
        return usage("give at least one <sample-id>");
    }
    let client = match client(endpoint) {
        Ok(client) => client,
        Err(e) => return usage(&e.to_string()),
    };

    let body = types::DeleteSamplesRequest::default().with_samples(sample_ids);
    // `send_outcome()` pairs every sample id with its result; `send()` would instead return
    // `Error::Batch` (naming the failed ids) as soon as one sample was not deleted.
    let outcome = match client
        .delete_samples(&dataset_id, body)
        .send_outcome()
        .await
    {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("the request failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    for item in outcome.items() {
        match &item.outcome {
            ItemOutcome::Succeeded => println!("{}: deleted", item.key),
            ItemOutcome::Failed {
                error_code,
                error_msg,
            } => println!(
                "{}: NOT deleted ({}: {})",
                item.key,
                error_code.as_deref().unwrap_or("no code"),
                error_msg.as_deref().unwrap_or("no message")
            ),
            ItemOutcome::Unknown { reason } => println!("{}: unknown ({reason})", item.key),
        }
    }
    println!("request id: {}", outcome.request_id().unwrap_or("(none)"));
    if outcome.is_complete_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
