//! vi's keys in any order on any text: nothing panics, and the cursor stays in the text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::Vi;

const KEYS: &str = "hjklwbe0^$gGdcyxXsDCpPuioaIAOvV.123 \u{1b}\u{12}é\t\nrJ~%()\"'WBEftFT;,";

fn key_of(c: char) -> KeyEvent {
    match c {
        '\u{1b}' => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        '\u{12}' => KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
        '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        '\t' => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
        c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
    }
}

#[test]
fn any_keys_on_any_text_keep_the_cursor_in_the_text() {
    let keys: Vec<char> = KEYS.chars().collect();
    let texts = [
        "",
        "a",
        "select a, b\n\n  from t;\n日本 x",
        "\n\n",
        "  \t x",
    ];
    // a fixed linear congruential sequence: the same keys each run
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for text in texts {
        let mut ed = TextArea::from(text.split('\n'));
        let mut vi = Vi::default();
        for _ in 0..4000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let key = key_of(keys[(seed >> 33) as usize % keys.len()]);
            if vi.first(&mut ed, key).is_none() {
                vi.key(&mut ed, key);
            }
            let c = ed.cursor();
            assert!(c.0 < ed.lines().len(), "{:?} {c:?}", ed.lines());
            assert!(
                c.1 <= ed.lines()[c.0].chars().count(),
                "{:?} {c:?}",
                ed.lines()
            );
            let _ = vi.label();
            let _ = vi.selection(&ed);
        }
    }
}
