//! Console lines and the `BENCHMARKS.md` text.

use super::peers::Peer;
use super::SpecFigures;
use std::fmt::Write;
use std::time::Duration;

/// Everything after this line in `BENCHMARKS.md` is hand-written and kept when the file is
/// rewritten.
pub const NOTES_MARKER: &str = "<!-- hand-written notes below: kept by cargo xtask bench -->";

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The fastest peer that succeeded: (name, time).
fn fastest_peer(fig: &SpecFigures) -> Option<(&'static str, Duration)> {
    fig.peers
        .iter()
        .filter(|(_, run)| run.failure.is_none())
        .map(|(name, run)| (*name, run.time))
        .min_by_key(|(_, t)| *t)
}

/// One spec's figures as console lines.
pub fn spec_lines(fig: &SpecFigures, timings: bool) -> String {
    let mut out = String::new();
    match &fig.ours {
        Ok(ours) => {
            let _ = writeln!(
                out,
                "  ours: {} end to end, {} lines in {} files, {} warnings",
                ms(ours.end_to_end),
                ours.lines,
                ours.files,
                ours.warnings
            );
            if timings {
                let s = &ours.stages;
                let _ = writeln!(
                    out,
                    "  stages: load {} | lower {} | emit {} | format {} | write {}",
                    ms(s.load),
                    ms(s.lower),
                    ms(s.emit),
                    ms(s.format),
                    ms(ours.write)
                );
            }
        }
        Err(e) => {
            let _ = writeln!(out, "  ours: failed: {e}");
        }
    }
    if let Some(floor) = fig.parse_floor {
        let _ = writeln!(
            out,
            "  parse-only floor (serde -> openapiv3): {}",
            ms(floor)
        );
    }
    for (name, run) in &fig.peers {
        match &run.failure {
            None => {
                let _ = writeln!(out, "  {name}: {} ({} lines)", ms(run.time), run.lines);
            }
            Some(f) => {
                let _ = writeln!(out, "  {name}: failed after {}: {f}", ms(run.time));
            }
        }
    }
    let measured = [("check", &fig.compile), ("build", &fig.build)];
    for (what, costs) in measured {
        for (name, cost) in costs {
            match cost {
                Ok(c) => {
                    let _ = writeln!(
                        out,
                        "  cargo {what} ({name}): {:.1} s, peak {} MiB ({} MiB all processes at once)",
                        c.seconds,
                        c.peak_kib / 1024,
                        c.together_kib / 1024
                    );
                }
                Err(e) => {
                    let _ = writeln!(out, "  cargo {what} ({name}): failed: {e}");
                }
            }
        }
    }
    out
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| format!("{} GiB", kb / (1 << 20)))
        .unwrap_or_else(|| "unknown memory".to_owned());
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {memory}; {rustc}")
}

fn bar(value: f64, max: f64) -> String {
    let width = if max > 0.0 {
        ((value / max) * 40.0).round() as usize
    } else {
        0
    };
    "█".repeat(width.max(1))
}

/// The whole report.
pub fn markdown(
    figures: &[SpecFigures],
    peers: &[Peer],
    client: Option<&str>,
    command: &str,
) -> String {
    let names: Vec<&str> = peers.iter().map(|p| p.name).collect();
    let mut md = String::new();
    preamble(&mut md, &names, command);
    generation_table(&mut md, figures, &names);
    peer_failures(&mut md, figures);
    chart(&mut md, figures);
    stage_table(&mut md, figures);
    volume_table(&mut md, figures, &names);
    compile_tables(&mut md, figures);
    if let Some(client) = client {
        let _ = writeln!(md, "\n{}", client.trim_end());
    }
    md
}

fn preamble(md: &mut String, names: &[&str], command: &str) {
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Written by `cargo xtask bench`; every figure below comes from one run on one machine."
    );
    let _ = writeln!(md, "\n- Machine: {}", machine());
    let _ = writeln!(md, "- Command: `{command}`");
    let _ = writeln!(
        md,
        "- Peers found: {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    );
    let _ = writeln!(
        md,
        "- Times are medians (ours over every run; peers over as many runs while a run takes under 1 s, else 3, and 1 when a run takes over 20 s), wall clock of the whole command as a user runs it (process start to exit, files written)."
    );
}

fn generation_table(md: &mut String, figures: &[SpecFigures], names: &[&str]) {
    let _ = writeln!(md, "\n## Generation time\n");
    let mut header = String::from("| spec | size | parse floor | ours |");
    let mut rule = String::from("|---|---:|---:|---:|");
    for name in names {
        header.push_str(&format!(" {name} |"));
        rule.push_str("---:|");
    }
    header.push_str(" fastest peer / ours |");
    rule.push_str("---:|");
    let _ = writeln!(md, "{header}\n{rule}");
    for fig in figures {
        let ours = match &fig.ours {
            Ok(o) => ms(o.end_to_end),
            Err(_) => "failed".to_owned(),
        };
        let floor = fig.parse_floor.map(ms).unwrap_or_else(|| "n/a".to_owned());
        let mut row = format!("| {} | {} | {floor} | {ours} |", fig.label, size(fig.bytes));
        for (_, run) in &fig.peers {
            match &run.failure {
                None => row.push_str(&format!(" {} |", ms(run.time))),
                Some(_) => row.push_str(" failed |"),
            }
        }
        let ratio = match (&fig.ours, fastest_peer(fig)) {
            (Ok(o), Some((name, t))) => format!(
                "{:.1}x ({name})",
                t.as_secs_f64() / o.end_to_end.as_secs_f64().max(1e-9)
            ),
            _ => "n/a".to_owned(),
        };
        row.push_str(&format!(" {ratio} |"));
        let _ = writeln!(md, "{row}");
    }
}

fn peer_failures(md: &mut String, figures: &[SpecFigures]) {
    let failures: Vec<String> = figures
        .iter()
        .flat_map(|f| {
            f.peers.iter().filter_map(move |(name, run)| {
                run.failure
                    .as_ref()
                    .map(|e| format!("- {name} on {}: `{}`", f.label, e.replace('`', "'")))
            })
        })
        .collect();
    if !failures.is_empty() {
        let _ = writeln!(md, "\nPeer failures (last line of their error output):\n");
        for f in failures {
            let _ = writeln!(md, "{f}");
        }
    }
}

/// A picture of the largest spec, where the differences are widest.
fn chart(md: &mut String, figures: &[SpecFigures]) {
    if let Some(fig) = figures
        .iter()
        .filter(|f| f.ours.is_ok())
        .max_by_key(|f| f.bytes)
    {
        let mut bars: Vec<(String, f64)> = Vec::new();
        if let Ok(o) = &fig.ours {
            bars.push(("ours".into(), o.end_to_end.as_secs_f64()));
        }
        for (name, run) in &fig.peers {
            if run.failure.is_none() {
                bars.push(((*name).into(), run.time.as_secs_f64()));
            }
        }
        let max = bars.iter().map(|b| b.1).fold(0.0, f64::max);
        let _ = writeln!(
            md,
            "\nGeneration time, {} (shorter is faster):\n\n```text",
            fig.label
        );
        for (name, secs) in bars {
            let _ = writeln!(md, "{name:<18} {} {:.2} s", bar(secs, max), secs);
        }
        let _ = writeln!(md, "```");
    }
}

fn stage_table(md: &mut String, figures: &[SpecFigures]) {
    let _ = writeln!(md, "\n## Where our time goes\n");
    let _ = writeln!(
        md,
        "In-process stage times (`--timings`), medians; end to end also counts process start and reading the file.\n"
    );
    let _ = writeln!(
        md,
        "| spec | load | lower | emit | format | write | lines | files |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for fig in figures {
        if let Ok(o) = &fig.ours {
            let s = &o.stages;
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                fig.label,
                ms(s.load),
                ms(s.lower),
                ms(s.emit),
                ms(s.format),
                ms(o.write),
                o.lines,
                o.files
            );
        }
    }
}

fn volume_table(md: &mut String, figures: &[SpecFigures], names: &[&str]) {
    let _ = writeln!(md, "\n## Generated volume (lines of Rust)\n");
    let mut header = String::from("| spec | ours |");
    let mut rule = String::from("|---|---:|");
    for name in names {
        header.push_str(&format!(" {name} |"));
        rule.push_str("---:|");
    }
    let _ = writeln!(md, "{header}\n{rule}");
    for fig in figures {
        let ours = match &fig.ours {
            Ok(o) => o.lines.to_string(),
            Err(_) => "failed".to_owned(),
        };
        let mut row = format!("| {} | {ours} |", fig.label);
        for (_, run) in &fig.peers {
            if run.failure.is_none() {
                row.push_str(&format!(" {} |", run.lines));
            } else {
                row.push_str(" failed |");
            }
        }
        let _ = writeln!(md, "{row}");
    }
}

fn compile_tables(md: &mut String, figures: &[SpecFigures]) {
    cost_tables(
        md,
        figures,
        "`cargo check` of the generated crate (dependencies prebuilt)",
        "check",
        |f| &f.compile,
    );
    cost_tables(
        md,
        figures,
        "`cargo build` of the generated crate (dev profile, dependencies prebuilt)",
        "build",
        |f| &f.build,
    );
}

/// One table per spec of a compile cost (`check` or `build`), generators in the order run.
fn cost_tables(
    md: &mut String,
    figures: &[SpecFigures],
    title: &str,
    column: &str,
    costs: impl Fn(&SpecFigures) -> &Vec<(String, Result<super::compile::CheckCost, String>)>,
) {
    if figures.iter().all(|f| costs(f).is_empty()) {
        return;
    }
    let _ = writeln!(
        md,
        "\n## {title}\n\nSeconds; peak memory of the largest process, and of all rustc processes \
         at once (a crate in several crates is checked partly side by side: the machine needs \
         their sum; sampled every 50 ms).\n"
    );
    for fig in figures.iter().filter(|f| !costs(f).is_empty()) {
        let _ = writeln!(
            md,
            "**{}**\n\n| generator | {column} | peak memory | all at once |\n|---|---:|---:|---:|",
            fig.label
        );
        for (name, cost) in costs(fig) {
            match cost {
                Ok(c) => {
                    let _ = writeln!(
                        md,
                        "| {name} | {:.1} s | {} MiB | {} MiB |",
                        c.seconds,
                        c.peak_kib / 1024,
                        c.together_kib / 1024
                    );
                }
                Err(e) => {
                    let _ = writeln!(md, "| {name} | failed: `{}` | | |", e.replace('`', "'"));
                }
            }
        }
        cost_chart(md, &fig.label, column, costs(fig));
        let _ = writeln!(md);
    }
}

/// The times of one cost table as bars (with the peak memory), when two or more succeeded.
fn cost_chart(
    md: &mut String,
    label: &str,
    column: &str,
    costs: &[(String, Result<super::compile::CheckCost, String>)],
) {
    let bars: Vec<(&str, &super::compile::CheckCost)> = costs
        .iter()
        .filter_map(|(name, cost)| cost.as_ref().ok().map(|c| (name.as_str(), c)))
        .collect();
    if bars.len() < 2 {
        return;
    }
    let max = bars.iter().map(|(_, c)| c.seconds).fold(0.0, f64::max);
    let width = bars.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let _ = writeln!(
        md,
        "\n`cargo {column}`, {label} (shorter is faster):\n\n```text"
    );
    for (name, c) in bars {
        let _ = writeln!(
            md,
            "{name:<width$} {} {:.1} s, {} MiB",
            bar(c.seconds, max),
            c.seconds,
            c.together_kib / 1024
        );
    }
    let _ = writeln!(md, "```");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::compile::CheckCost;

    fn figures(label: &str) -> SpecFigures {
        SpecFigures {
            label: label.to_owned(),
            bytes: 0,
            parse_floor: None,
            ours: Err("not measured here".to_owned()),
            peers: Vec::new(),
            compile: Vec::new(),
            build: Vec::new(),
        }
    }

    #[test]
    fn check_and_build_costs_get_a_table_each_per_spec() {
        let cost = |seconds, mib: u64| {
            Ok(CheckCost {
                seconds,
                peak_kib: mib * 1024,
                together_kib: mib * 1024,
            })
        };
        let mut modelarts = figures("modelarts-data.yaml");
        modelarts.compile = vec![("ours".into(), cost(4.4, 392))];
        modelarts.build = vec![
            ("ours".into(), cost(7.3, 450)),
            ("openapi-generator".into(), Err("error[E0433]: `x`".into())),
        ];
        let only_checked = {
            let mut f = figures("github");
            f.compile = vec![("ours".into(), cost(11.3, 733))];
            f
        };
        let mut md = String::new();
        compile_tables(
            &mut md,
            &[modelarts, only_checked, figures("petstore.yaml")],
        );
        let check_at = md.find("## `cargo check`").expect("check section");
        let build_at = md.find("## `cargo build`").expect("build section");
        assert!(check_at < build_at, "{md}");
        let (check, build) = md.split_at(build_at);
        assert!(
            check.contains("| generator | check | peak memory |"),
            "{md}"
        );
        assert!(check.contains("**github**") && check.contains("| ours | 11.3 s | 733 MiB |"));
        assert!(
            !check.contains("petstore"),
            "a spec measured neither way has no table"
        );
        assert!(
            build.contains("| generator | build | peak memory |"),
            "{md}"
        );
        assert!(build.contains("| ours | 7.3 s | 450 MiB |"), "{md}");
        assert!(
            build.contains("| openapi-generator | failed: `error[E0433]: 'x'` | |"),
            "{md}"
        );
        assert!(!build.contains("github"), "github was only checked: {md}");
        // Two or more successes get a chart: ModelArts' check has one entry, its build one
        // success and one failure, so neither has a chart.
        assert!(!md.contains("```text"), "{md}");
        let mut github = figures("github");
        github.compile = vec![
            ("ours (all features)".into(), cost(53.6, 2993)),
            ("openapi-generator".into(), cost(136.8, 6809)),
            ("progenitor".into(), Err("panic".into())),
        ];
        let mut md = String::new();
        compile_tables(&mut md, &[github]);
        let chart = md
            .split("```text\n")
            .nth(1)
            .expect("a chart")
            .split("```")
            .next()
            .unwrap();
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines.len(), 2, "{md}");
        assert!(lines[0].starts_with("ours (all features) █"), "{md}");
        assert!(lines[0].ends_with(" 53.6 s, 2993 MiB"), "{md}");
        assert!(lines[1].starts_with("openapi-generator   █"), "{md}");
        assert_eq!(
            lines[1].matches('█').count(),
            40,
            "the longest bar is full: {md}"
        );
        assert!(
            md.contains("`cargo check`, github (shorter is faster):"),
            "{md}"
        );

        let mut none = String::new();
        compile_tables(&mut none, &[figures("petstore.yaml")]);
        assert_eq!(none, "", "nothing measured, no section");
    }
}
