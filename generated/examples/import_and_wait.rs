//! Imports samples from a storage path into a dataset and waits for the import task to end.
//!
//! ```text
//! HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=... \
//!   cargo run -p modelarts-data --example import_and_wait -- \
//!   --endpoint https://modelarts.cn-north-4.myhuaweicloud.com --dataset <id> --path /bucket/images/
//! ```
//!
//! `--poll-secs N` (default 10) and `--timeout-secs N` (default 3600) tune the waiter.
//! Exit status: 0 when the import completed; 1 when it failed, timed out or a call failed; 2 on
//! bad arguments.

use std::process::ExitCode;
use std::time::Duration;

use modelarts_data::runtime::waiter::WaitErrorKind;
use modelarts_data::{types, Client, Config, Error};

const USAGE: &str = "usage: import_and_wait --endpoint URL --dataset ID --path STORAGE_PATH \
[--poll-secs N] [--timeout-secs N]
credentials: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK (or HUAWEICLOUD_SDK_AUTH_TOKEN), HUAWEICLOUD_SDK_PROJECT_ID";

struct Args {
    endpoint: String,
    dataset: String,
    path: String,
    poll: Duration,
    timeout: Duration,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut endpoint, mut dataset, mut path) = (None, None, None);
    let (mut poll, mut timeout) = (Duration::from_secs(10), Duration::from_secs(3600));
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{flag} needs a value"));
        let mut seconds = |flag: &str| -> Result<Duration, String> {
            let text = value()?;
            match text.parse::<u64>() {
                Ok(n) if n > 0 => Ok(Duration::from_secs(n)),
                _ => Err(format!(
                    "{flag} must be a positive number of seconds, not {text:?}"
                )),
            }
        };
        match flag.as_str() {
            "--endpoint" => endpoint = Some(value()?),
            "--dataset" => dataset = Some(value()?),
            "--path" => path = Some(value()?),
            "--poll-secs" => poll = seconds("--poll-secs")?,
            "--timeout-secs" => timeout = seconds("--timeout-secs")?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    match (endpoint, dataset, path) {
        (Some(endpoint), Some(dataset), Some(path)) => Ok(Args {
            endpoint,
            dataset,
            path,
            poll,
            timeout,
        }),
        _ => Err("--endpoint, --dataset and --path are required".into()),
    }
}

async fn run(args: &Args) -> Result<types::ImportTask, Error> {
    let config = Config::from_env()?
        .endpoint(&args.endpoint)
        // A local test server speaks plain HTTP; the real service never does.
        .allow_http(args.endpoint.starts_with("http://"))
        .build()?;
    let client = Client::new(config)?;
    // `import_path` is required, so it is an argument of `new`; optional fields have `with_`
    // setters.
    let body = types::CreateImportTaskRequest::new(args.path.clone());
    let created = client
        .create_import_task(&args.dataset, body)
        .send()
        .await?;
    let Some(task_id) = created.task_id else {
        return Err(Error::config(
            "the service accepted the import but returned no task id; check the dataset's import tasks",
        ));
    };
    eprintln!(
        "import task {task_id} started; waiting (every {:?}, at most {:?})",
        args.poll, args.timeout
    );
    client
        .wait_import_task(&args.dataset, &task_id)
        .poll_interval(args.poll)
        .timeout(args.timeout)
        .await
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
    match run(&args).await {
        Ok(task) => {
            println!(
                "import completed: {} of {} samples imported, {} labeled",
                task.imported_sample_count.unwrap_or_default(),
                task.total_sample_count.unwrap_or_default(),
                task.annotated_sample_count.unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(Error::Wait(wait)) => {
            let last: Option<types::ImportTask> = wait.response_as().and_then(Result::ok);
            match wait.kind() {
                WaitErrorKind::Failed => eprintln!(
                    "import ended in state {}: {} {}",
                    wait.state().unwrap_or("?"),
                    last.as_ref()
                        .and_then(|t| t.error_code.as_deref())
                        .unwrap_or(""),
                    last.as_ref()
                        .and_then(|t| t.error_msg.as_deref())
                        .unwrap_or("")
                ),
                _ => eprintln!(
                    "gave up waiting after {:?}: last state {} (the task goes on; check it later)",
                    wait.elapsed(),
                    wait.state().unwrap_or("unknown")
                ),
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
