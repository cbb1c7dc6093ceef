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

use modelarts_data::{types, Client, Config, Error};

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

/// What happened to the samples of the delete calls.
#[derive(Default)]
struct Report {
    deleted: usize,
    failed: Vec<(String, String)>,
    unknown: usize,
}

impl Report {
    /// Counts one delete call's outcome for `chunk`.
    fn record(&mut self, chunk: &[String], outcome: Result<types::DeleteSamplesResponse, Error>) {
        match outcome {
            Ok(reply) => {
                let results = reply.results.unwrap_or_default();
                for (i, id) in chunk.iter().enumerate() {
                    match results.get(i) {
                        Some(r) if r.success == Some(true) => self.deleted += 1,
                        Some(r) if r.success == Some(false) => self.failed.push((
                            id.clone(),
                            format!(
                                "{} {}",
                                r.error_code.as_deref().unwrap_or("?"),
                                r.error_msg.as_deref().unwrap_or("")
                            ),
                        )),
                        // The service reported the batch as a whole (or said nothing of this one).
                        _ => match &reply.error_code {
                            Some(code) => self.failed.push((id.clone(), code.clone())),
                            None => self.unknown += 1,
                        },
                    }
                }
            }
            // Refused (a 4xx) or never sent: these samples were not deleted.
            Err(e) if e.is_config() || e.status().is_some_and(|s| (400..500).contains(&s)) => {
                for id in chunk {
                    self.failed.push((id.clone(), e.to_string()));
                }
            }
            // A 5xx, a timeout or a broken connection after the request may have arrived: the
            // service may or may not have deleted them (a delete is never sent twice).
            Err(_) => self.unknown += chunk.len(),
        }
    }

    fn done(&self) -> usize {
        self.deleted + self.failed.len() + self.unknown
    }
}

fn progress(report: &Report, total: usize) {
    const WIDTH: usize = 30;
    let filled = (report.done() * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    eprint!(
        "\r[{}{}] {}/{} deleted {}, failed {}, unknown {}",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        report.done(),
        total,
        report.deleted,
        report.failed.len(),
        report.unknown
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
    let mut report = Report::default();
    for chunk in ids.chunks(args.chunk) {
        let body = types::DeleteSamplesRequest::default().with_samples(chunk.iter().cloned());
        let outcome = client.delete_samples(&args.dataset, body).send().await;
        report.record(chunk, outcome);
        progress(&report, ids.len());
    }
    eprintln!();
    println!(
        "{} matched: {} deleted, {} failed, {} unknown (the service may or may not have deleted them)",
        ids.len(),
        report.deleted,
        report.failed.len(),
        report.unknown
    );
    for (id, why) in report.failed.iter().take(20) {
        println!("  failed {id}: {why}");
    }
    if report.failed.len() > 20 {
        println!("  ... and {} more failures", report.failed.len() - 20);
    }
    if report.failed.is_empty() && report.unknown == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
