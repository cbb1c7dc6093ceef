//! Deletes every sample of a dataset that matches a filter: streams the filtered listing page by
//! page, then deletes the matches in chunks with a progress line, and ends with a report.
//!
//! ```text
//! HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=... \
//!   cargo run -p modelarts-data --example delete_matching_samples -- \
//!   --endpoint https://modelarts.cn-north-4.myhuaweicloud.com --dataset <id> --label cat --dry-run
//! ```
//!
//! Filters (at least one): `--label NAME`, `--state STATE` (a sample state such as
//! `__UNCHECK__`), `--search JSON` (the service's `search_conditions`). `--chunk N` sets how many
//! samples one delete call names (default 100). `--dry-run` lists and counts, deleting nothing.
//!
//! The listing is read to the end before the first delete: `offset` is a page index, so deleting
//! matches while paging would shift later samples onto pages already read and skip them. Only the
//! sample ids are kept (one page of samples is in memory at a time).
//!
//! Exit status: 0 when every match was deleted (or, with `--dry-run`, listed); 1 when a listing
//! or a delete failed, or a delete's outcome is unknown; 2 on bad arguments.

use std::io::Write;
use std::process::ExitCode;

use modelarts_data::{runtime, Client, Config, Error};

struct Args {
    endpoint: String,
    dataset: String,
    label: Option<String>,
    state: Option<String>,
    search: Option<String>,
    chunk: usize,
    dry_run: bool,
}

const USAGE: &str = "usage: delete_matching_samples --endpoint URL --dataset ID \
[--label NAME] [--state STATE] [--search JSON] [--chunk N] [--dry-run]
credentials: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK (or HUAWEICLOUD_SDK_AUTH_TOKEN), HUAWEICLOUD_SDK_PROJECT_ID";

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        endpoint: String::new(),
        dataset: String::new(),
        label: None,
        state: None,
        search: None,
        chunk: 100,
        dry_run: false,
    };
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--endpoint" => args.endpoint = value()?,
            "--dataset" => args.dataset = value()?,
            "--label" => args.label = Some(value()?),
            "--state" => args.state = Some(value()?),
            "--search" => args.search = Some(value()?),
            "--chunk" => {
                let text = value()?;
                args.chunk = match text.parse() {
                    Ok(n) if (1..=1000).contains(&n) => n,
                    _ => {
                        return Err(format!(
                            "--chunk must be a number from 1 to 1000, not {text:?}"
                        ))
                    }
                };
            }
            "--dry-run" => args.dry_run = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.endpoint.is_empty() || args.dataset.is_empty() {
        return Err("--endpoint and --dataset are required".into());
    }
    if args.label.is_none() && args.state.is_none() && args.search.is_none() {
        return Err("give at least one filter (--label, --state or --search): without one every sample would match".into());
    }
    Ok(args)
}

fn client(endpoint: &str) -> Result<Client, Error> {
    let config = Config::from_env()?
        .endpoint(endpoint)
        // A local test server speaks plain HTTP; the real service never does.
        .allow_http(endpoint.starts_with("http://"))
        .build()?;
    Client::new(config)
}

/// Streams the filtered listing and keeps the ids of the matches.
async fn matching_ids(client: &Client, args: &Args) -> Result<Vec<String>, Error> {
    let mut listing = client.list_samples(&args.dataset);
    if let Some(label) = &args.label {
        listing = listing.label_name(label);
    }
    if let Some(state) = &args.state {
        listing = listing.sample_state(state);
    }
    if let Some(search) = &args.search {
        listing = listing.search_conditions(search);
    }
    let mut samples = listing.items();
    let mut ids = Vec::new();
    while let Some(sample) = samples.next().await {
        if let Some(id) = sample?.sample_id {
            ids.push(id);
        }
        if ids.len() % 100 == 0 {
            eprint!(
                "\rlisting: {} matches ({} pages)",
                ids.len(),
                samples.pages_requested()
            );
        }
    }
    eprintln!(
        "\rlisting: {} matches ({} pages)",
        ids.len(),
        samples.pages_requested()
    );
    Ok(ids)
}

/// One progress line, redrawn after each chunk the bulk run finishes.
fn progress(p: &runtime::Progress) {
    const WIDTH: usize = 30;
    let filled = (p.items_done * WIDTH)
        .checked_div(p.items_total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    eprint!(
        "\r[{}{}] {}/{} deleted {}, failed {}, unknown {}",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        p.items_done,
        p.items_total,
        p.succeeded,
        p.failed,
        p.unknown
    );
    let _ = std::io::stderr().flush();
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let client = match client(&args.endpoint) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let ids = match matching_ids(&client, &args).await {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("\nerror: the listing failed: {e}");
            if let Some(at) = e.page_position() {
                eprintln!(
                    "(it can resume at page offset {}; nothing was deleted)",
                    at.offset
                );
            }
            return ExitCode::FAILURE;
        }
    };
    if args.dry_run {
        println!("dry run: {} samples match; nothing was deleted", ids.len());
        for id in ids.iter().take(10) {
            println!("  {id}");
        }
        if ids.len() > 10 {
            println!("  ... and {} more", ids.len() - 10);
        }
        return ExitCode::SUCCESS;
    }
    // The SDK's bulk runner chunks the ids, runs a few requests at a time and pairs every id
    // with its own outcome: succeeded, failed (with the service's error code), or unknown (a
    // request that failed after it may have reached the service; a delete is never sent twice).
    let matched = ids.len();
    let report = client
        .delete_samples_bulk(&args.dataset, ids)
        .chunk_size(args.chunk)
        .on_progress(progress)
        .send_report()
        .await;
    eprintln!();
    let failed: Vec<_> = report.failed().collect();
    let unknown = report.unknown().count();
    println!(
        "{matched} matched: {} deleted, {} failed, {unknown} unknown (the service may or may not have deleted them)",
        report.succeeded().count(),
        failed.len(),
    );
    for item in failed.iter().take(20) {
        println!("  {}: {}", item.key, item.outcome);
    }
    if failed.len() > 20 {
        println!("  ... and {} more failures", failed.len() - 20);
    }
    if failed.is_empty() && unknown == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
