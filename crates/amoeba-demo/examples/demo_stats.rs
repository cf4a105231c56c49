//! Prints what the standard demo contains and how long it takes to generate:
//! `cargo run --release -p amoeba-demo --example demo_stats [-- END [SEED]]`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

fn main() {
    let mut args = std::env::args().skip(1);
    let end = args.next().and_then(|s| s.parse().ok()).unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2026, 3, 14).expect("date"));
    let mut opts = amoeba_demo::DemoOptions::new(end);
    if let Some(seed) = args.next().and_then(|s| s.parse().ok()) {
        opts.seed = seed;
    }
    let t = std::time::Instant::now();
    let (files, stats) = amoeba_demo::generate_with_stats(&opts);
    let secs = t.elapsed().as_secs_f64();
    let bytes: usize = files.iter().map(|f| f.content.len()).sum();
    println!("seed {} end {} — {} files, {:.1} MB, {:.3} s", opts.seed, opts.end, files.len(), bytes as f64 / 1e6, secs);
    for ((kind, n), (_, rows)) in stats.files.iter().zip(&stats.rows) {
        println!("  {kind:<18} {n:>4} files {rows:>8} rows");
    }
    if let Some(dir) = std::env::var_os("DEMO_OUT") {
        std::fs::create_dir_all(&dir).expect("mkdir");
        for f in &files {
            std::fs::write(std::path::Path::new(&dir).join(&f.name), &f.content).expect("write");
        }
    }
}
