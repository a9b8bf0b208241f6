//! The editor's statement under the cursor: the buffer is split again (the smart blank-line
//! rule, `split::editor_statements`) once per change of its text, before the frame that
//! shows the bar beside the statement F5 sends. Measured on buffers of 100 to 20,000
//! statements against the frame budget (design.md §4: any frame ≤ 2 ms), beside the plain
//! `;` split of the same text (the headless scripts' rule) as the baseline.
//!
//!   cargo bench --bench editor_split

use std::time::Instant;

use retort::engine::EngineKind;
use retort::query::split::{editor_statements, split_statements};

/// A buffer as people keep one: statements of a few lines, some with blank lines inside
/// (a continuation), a comment, a string with a `;`.
fn buffer(statements: usize) -> String {
    let mut text = String::new();
    for i in 0..statements {
        text.push_str(&format!(
            "-- statement {i}\nselect id, title, 'a; b' as s\nfrom posts\n\nwhere id > {i}\n  and views < 100;\n\n"
        ));
    }
    text
}

/// Best of `runs`, in milliseconds.
fn best_ms(runs: usize, f: impl Fn() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..runs {
        let start = Instant::now();
        n = f();
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    (best, n)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("the editor's split, once per text change (target: ≤ 2 ms for 1,000 statements)");
    for statements in [100, 1_000, 5_000, 20_000] {
        let text = buffer(statements);
        let (plain, n_plain) = best_ms(5, || split_statements(&text, EngineKind::Postgres).len());
        let (smart, n_smart) = best_ms(5, || editor_statements(&text, EngineKind::Postgres).len());
        assert_eq!(n_plain, n_smart, "the blank lines inside are continuations");
        let verdict = match (statements, smart) {
            (1_000, ms) if ms > 2.0 => "MISSED",
            (1_000, _) => "OK",
            _ => "",
        };
        println!(
            "{statements:>6} statements ({:>5} KB): `;` split {plain:>7.2} ms | editor's split {smart:>7.2} ms  {:.2}× {verdict}",
            text.len() / 1024,
            smart / plain
        );
    }
}
