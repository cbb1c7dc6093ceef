//! Deletes any number of samples listed in a file (one id per line), with a progress bar on
//! stderr and a final report of deleted / failed / unknown samples.
//!
//! ```text
//! cargo run -p modelarts-data --example bulk_delete -- \
//!     [--endpoint URL] [--chunk-size N] [--concurrency N] <dataset-id> <ids-file>
//! ```
//!
//! Credentials and the project come from the environment (`HUAWEICLOUD_SDK_AK`,
//! `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_REGION`, ...);
//! `--endpoint` points the client at another server, such as a local one (`http://` allowed).
//! Failed and unknown ids are printed on stdout (`failed<TAB>id<TAB>reason`), so they can be
//! checked and retried. Exits with 1 when any sample failed or is unknown, 2 on bad input.

use std::io::Write;
use std::process::ExitCode;

use modelarts_data::runtime::{ItemOutcome, Progress};
use modelarts_data::{Client, Config, Error};

struct Args {
    endpoint: Option<String>,
    chunk_size: Option<usize>,
    concurrency: Option<usize>,
    dataset_id: String,
    ids_file: String,
}

fn parse_args() -> Result<Args, String> {
    let mut endpoint = None;
    let mut chunk_size = None;
    let mut concurrency = None;
    let mut positional = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let number = |name: &str, text: String| match text.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{name} must be a positive number, not {text:?}")),
        };
        match arg.as_str() {
            "--endpoint" => endpoint = Some(value("--endpoint")?),
            "--chunk-size" => chunk_size = Some(number("--chunk-size", value("--chunk-size")?)?),
            "--concurrency" => {
                concurrency = Some(number("--concurrency", value("--concurrency")?)?)
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg),
        }
    }
    let [dataset_id, ids_file]: [String; 2] = positional
        .try_into()
        .map_err(|_| "expected <dataset-id> and <ids-file>".to_owned())?;
    Ok(Args {
        endpoint,
        chunk_size,
        concurrency,
        dataset_id,
        ids_file,
    })
}

/// A client from the environment, pointed at `endpoint` when one is given.
fn client(endpoint: Option<String>) -> Result<Client, Error> {
    let mut config = Config::from_env()?;
    if let Some(url) = endpoint {
        config = config.allow_http(url.starts_with("http://")).endpoint(url);
    }
    Client::new(config.build()?)
}

/// One line of progress on stderr: `[#####-----] 4200/10050 deleted 4100, failed 100, unknown 0`.
fn draw(p: &Progress) {
    const WIDTH: usize = 30;
    let filled = (p.items_done * WIDTH)
        .checked_div(p.items_total)
        .unwrap_or(WIDTH);
    let bar: String = "#".repeat(filled) + &"-".repeat(WIDTH - filled);
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{bar}] {}/{} deleted {}, failed {}, unknown {}",
        p.items_done, p.items_total, p.succeeded, p.failed, p.unknown
    );
    let _ = err.flush();
}

fn fail(problem: &str) -> ExitCode {
    eprintln!("error: {problem}");
    eprintln!(
        "usage: bulk_delete [--endpoint URL] [--chunk-size N] [--concurrency N] <dataset-id> <ids-file>"
    );
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(problem) => return fail(&problem),
    };
    let text = match std::fs::read_to_string(&args.ids_file) {
        Ok(text) => text,
        Err(e) => return fail(&format!("cannot read {}: {e}", args.ids_file)),
    };
    let ids: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let client = match client(args.endpoint) {
        Ok(client) => client,
        Err(e) => return fail(&e.to_string()),
    };

    let mut run = client
        .delete_samples_bulk(&args.dataset_id, ids)
        .on_progress(draw);
    if let Some(n) = args.chunk_size {
        run = run.chunk_size(n);
    }
    if let Some(n) = args.concurrency {
        run = run.concurrency(n);
    }
    // `send_report()` always gives one outcome per id; `send()` would return `Error::Batch`
    // (naming the failed and unknown ids) unless every sample was deleted.
    let report = run.send_report().await;
    eprintln!();

    for item in report.items() {
        match &item.outcome {
            ItemOutcome::Succeeded => {}
            ItemOutcome::Failed {
                error_code,
                error_msg,
            } => println!(
                "failed\t{}\t{}: {}",
                item.key,
                error_code.as_deref().unwrap_or("no code"),
                error_msg.as_deref().unwrap_or("no message")
            ),
            ItemOutcome::Unknown { reason } => println!("unknown\t{}\t{reason}", item.key),
        }
    }
    let (deleted, failed, unknown) = report.counts();
    eprintln!(
        "{} ids in {} requests: deleted {deleted}, failed {failed}, unknown {unknown}",
        report.items().len(),
        report.requests()
    );
    if unknown > 0 {
        eprintln!(
            "unknown ids may or may not have been deleted: list the dataset before retrying them"
        );
    }
    if failed + unknown == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
