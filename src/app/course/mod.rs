//! The course: short lessons on the demo database, each step done in the workbench and checked
//! on the model (never by reading the screen), then what happened shown in SQLAlchemy's words.
//! Progress is the learner's, kept in the data directory.

mod lessons;
mod lessons_uow;
pub mod progress;
pub mod state;

use super::model::Model;
use super::msg::Command;
use super::session::pane_text::{Lines, Role};
pub use lessons::LESSONS;
pub use progress::Progress;
pub use state::{Baseline, Course};

/// The model as it is now, for the checks of the step that begins.
pub fn baseline(model: &Model) -> Baseline {
    Baseline::new(model.next_query, model.session.events.len())
}

/// One lesson: a title, what it is about, and its steps.
pub struct Lesson {
    pub title: &'static str,
    pub intro: &'static str,
    pub steps: &'static [Step],
    /// Begins on the demo's rows as first installed: on the bundled demo, the course puts
    /// them back (when nothing is staged or open).
    pub fresh_demo: bool,
}

/// A question the learner answers (y or n) before doing the step: the step's `happened`
/// says why the answer is what it is.
pub struct Prediction {
    pub ask: &'static str,
    pub yes_is_right: bool,
}

/// One thing to do in the workbench, how it is known to be done, and what it did.
pub struct Step {
    /// What to do, in the workbench's keys.
    pub doing: &'static str,
    /// Done, judged on the model against what it was when the step began.
    pub done: fn(&Model, &Baseline) -> bool,
    /// What happened, and the SQLAlchemy that does the same.
    pub happened: &'static str,
    /// What the course does on another connection once the step is done: a read, to show
    /// what another client sees; or a change, as another client would make it.
    pub elsewhere: Option<Elsewhere>,
    /// Asked before the step, answered with y or n.
    pub predict: Option<Prediction>,
    /// What happened instead, when the model says the step went another way than `happened`
    /// tells (a colleague's change that never came: the commit went through).
    pub instead: Option<Instead>,
}

/// Another ending of a step, and how it is known.
pub struct Instead {
    pub when: fn(&Model) -> bool,
    pub happened: &'static str,
}

/// The course's own statement on another connection than the Session's.
pub enum Elsewhere {
    /// Read this, and show its first row.
    Read(&'static str),
    /// Change the database as another client: the statement is made from the model (the row
    /// the learner staged); None when there is nothing to change.
    Change(fn(&Model) -> Option<String>),
}

/// A place read from a file, made one of the course's: lessons finished that exist, once
/// each; a lesson past the last is the end; a step past the lesson's last is its first.
pub fn within_the_course(mut p: Progress) -> Progress {
    p.finished.retain(|l| *l < LESSONS.len());
    p.finished.sort_unstable();
    p.finished.dedup();
    p.lesson = p.lesson.min(LESSONS.len());
    let steps = LESSONS.get(p.lesson).map_or(0, |l| l.steps.len());
    if p.step >= steps {
        p.step = 0;
    }
    p
}

/// The lesson the learner is on (None: every lesson is done).
pub fn lesson(course: &Course) -> Option<&'static Lesson> {
    LESSONS.get(course.progress.lesson)
}

/// The step the learner is on.
pub fn step(course: &Course) -> Option<&'static Step> {
    lesson(course)?.steps.get(course.progress.step)
}

/// F8: the course opens (where the learner left it) or closes.
pub fn toggle(model: &mut Model) -> Vec<Command> {
    model.course.open = !model.course.open;
    model.course.baseline = baseline(model);
    match model.course.open && model.course.progress.step == 0 {
        true => begin_lesson(model, false),
        false => vec![],
    }
}

/// A lesson begins (`again`: F9, or reached from the lesson before, so that its reset is
/// asked for anew; F8 reopening the course does not ask twice).
fn begin_lesson(model: &mut Model, again: bool) -> Vec<Command> {
    model.course.predicted = None;
    model.course.reset = None;
    if again {
        model.course.reset_lesson = None;
    }
    ask_reset(model);
    vec![]
}

/// On the bundled demo, a lesson that needs the demo's first rows asks, once, as it begins and
/// when nothing else is on screen, whether to put them back; never while something is staged
/// or a transaction is open (nothing of the learner's is lost unasked).
fn ask_reset(model: &mut Model) {
    let course = &model.course;
    let index = course.progress.lesson;
    let wanted = lesson(course).is_some_and(|l| l.fresh_demo)
        && course.on_demo
        && course.progress.step == 0
        && course.reset_lesson != Some(index);
    if !wanted || model.overlay != super::model::Overlay::None {
        return;
    }
    if !model.session.unit.is_empty() || model.transaction.is_open() {
        model.course.reset = Some(
            "This lesson starts on the demo as first installed: roll back (r in the Session \
             pane) or commit what is open, then F9 puts its rows back."
                .into(),
        );
        return;
    }
    model.course.reset_lesson = Some(index);
    model.ask(super::model::PendingConfirm {
        then: super::model::ConfirmThen::ResetDemo,
        reason: "This lesson starts on the demo's rows as first installed".into(),
        culprit: "Put them back now? What you changed in the demo's tables since is lost.".into(),
    });
}

/// The learner's answer to the reset's question.
pub fn reset_answered(model: &mut Model, yes: bool) -> Vec<Command> {
    if !yes {
        model.course.reset =
            Some("The lesson goes on with the demo as it is (F9 asks again).".into());
        return vec![];
    }
    model.course.reset = Some("Putting the demo's rows back as first installed…".into());
    model.course.resetting = true;
    vec![Command::ResetDemo]
}

/// The course's reset of the demo ended: done, not the demo (nothing done), or failed.
pub fn demo_reset(model: &mut Model, result: Result<bool, String>) {
    model.course.resetting = false;
    model.course.reset = match result {
        Ok(true) => Some(
            "The demo's rows are back as first installed, for this lesson (another connection \
             did it: see the echo log)."
                .into(),
        ),
        Ok(false) => None,
        Err(e) => Some(format!("The demo could not be reset: {e}")),
    };
}

/// The learner's y or n to the step's question.
pub fn predicted(model: &mut Model, yes: bool) -> Vec<Command> {
    model.course.predicted = Some(yes);
    model.course.baseline = baseline(model);
    vec![]
}

/// The step's question, asked when nothing else is on screen and not yet answered.
fn ask_prediction(model: &mut Model) -> bool {
    let Some(question) = step(&model.course).and_then(|s| s.predict.as_ref()) else {
        return false;
    };
    if model.course.predicted.is_some() {
        return false;
    }
    if model.overlay == super::model::Overlay::None {
        model.ask(super::model::PendingConfirm {
            then: super::model::ConfirmThen::Predict,
            reason: "Predict first (the course asks before you do the step)".into(),
            culprit: question.ask.into(),
        });
    }
    true
}

/// What the learner predicted, against what happened.
fn verdict(step: &Step, predicted: Option<bool>) -> Option<String> {
    let (question, yes) = (step.predict.as_ref()?, predicted?);
    let said = if yes { "yes" } else { "no" };
    Some(match yes == question.yes_is_right {
        true => format!("You predicted {said}: right."),
        false => format!("You predicted {said}: not so. Here is why."),
    })
}

/// The lesson again from its first step.
pub fn restart_lesson(model: &mut Model) -> Vec<Command> {
    let baseline = baseline(model);
    let course = &mut model.course;
    let lesson = course.progress.lesson.min(LESSONS.len().saturating_sub(1));
    course.progress.lesson = lesson;
    course.progress.step = 0;
    course.progress.finished.retain(|l| *l != lesson);
    course.happened = None;
    course.verdict = None;
    course.baseline = baseline;
    let mut commands = vec![Command::SaveCourse(model.course.progress.clone())];
    commands.extend(begin_lesson(model, true));
    commands
}

/// After every action and event: the step the learner was on is done, so the next one begins.
pub fn advance(model: &mut Model) -> Vec<Command> {
    if !model.course.open {
        return vec![];
    }
    ask_reset(model);
    let Some(step) = step(&model.course) else {
        return vec![];
    };
    if ask_prediction(model) || !(step.done)(model, &model.course.baseline) {
        return vec![];
    }
    let elsewhere = match &step.elsewhere {
        Some(Elsewhere::Read(sql)) => Some(((*sql).to_string(), false)),
        Some(Elsewhere::Change(make)) => make(model).map(|sql| (sql, true)),
        None => None,
    };
    let happened = match &step.instead {
        Some(other) if (other.when)(model) => other.happened,
        _ => step.happened,
    };
    let course = &mut model.course;
    course.happened = Some(happened);
    course.reset = None;
    course.verdict = verdict(step, course.predicted.take());
    course.elsewhere = (elsewhere.as_ref()).map(|_| "another connection is at work…".to_string());
    course.progress.step += 1;
    let steps = lesson(course).map_or(0, |l| l.steps.len());
    let next_lesson = course.progress.step >= steps;
    if next_lesson {
        let lesson = course.progress.lesson;
        if !course.progress.finished.contains(&lesson) {
            course.progress.finished.push(lesson);
        }
        course.progress.lesson += 1;
        course.progress.step = 0;
    }
    model.course.baseline = baseline(model);
    let mut commands = vec![Command::SaveCourse(model.course.progress.clone())];
    if let Some((sql, change)) = elsewhere {
        commands.push(Command::Elsewhere { sql, change });
    }
    if next_lesson {
        commands.extend(begin_lesson(model, true));
    }
    ask_prediction(model);
    commands
}

/// What the read on another connection gave, as the course shows it.
pub fn read_elsewhere(
    model: &mut Model,
    read: Result<Vec<Vec<Option<String>>>, crate::engine::EngineError>,
) {
    let said = match read {
        Ok(rows) if rows.is_empty() => "Another connection changed it (and committed).".into(),
        Ok(rows) => {
            let first = rows.into_iter().next().unwrap_or_default();
            let values: Vec<String> = (first.into_iter())
                .map(|v| v.unwrap_or_else(|| "NULL".into()))
                .collect();
            format!("Another connection reads now: {}", values.join(", "))
        }
        Err(e) => format!("Another connection could not read: {e}"),
    };
    model.course.elsewhere = Some(said);
}

/// What the course's change on another connection did, as the course says it: one row, as
/// a colleague would; or nothing, and then the learner's commit goes through.
pub fn changed_elsewhere(model: &mut Model, changed: Result<u64, crate::engine::EngineError>) {
    const AGAIN: &str = "Your commit will go through, as nobody changed the row: F9 tries \
                         the lesson again.";
    let said = match changed {
        Ok(1) => "Another connection renamed the row, and committed.".to_string(),
        Ok(0) => format!("Another connection found no such row: nothing changed. {AGAIN}"),
        Ok(n) => format!("Another connection changed {n} rows, and committed."),
        Err(e) => format!("Another connection could not change it: {e}. {AGAIN}"),
    };
    model.course.elsewhere = Some(said);
}

/// The course's text: the lesson, what the last step did, what to do now.
pub fn lines(model: &Model) -> Lines {
    let course = &model.course;
    let mut out: Lines = Vec::new();
    let done = course.progress.finished.len();
    out.push((
        Role::Heading,
        format!(
            "Course · {done} of {} lessons done · F8 closes",
            LESSONS.len()
        ),
    ));
    if let Some(happened) = course.happened {
        out.push((Role::Plain, String::new()));
        out.push((Role::New, "✓ What happened".into()));
        if let Some(verdict) = &course.verdict {
            out.push((Role::Dirty, verdict.clone()));
        }
        out.extend(happened.lines().map(|l| (Role::Sql, l.to_string())));
    }
    if let Some(said) = &course.elsewhere {
        out.push((Role::Dirty, said.clone()));
    }
    out.push((Role::Plain, String::new()));
    let Some(lesson) = lesson(course) else {
        out.push((
            Role::Heading,
            "Every lesson is done. F9 takes the last one again.".into(),
        ));
        return out;
    };
    out.push((
        Role::Heading,
        format!("Lesson {}: {}", course.progress.lesson + 1, lesson.title),
    ));
    if course.progress.step == 0 {
        out.push((Role::Note, lesson.intro.into()));
    }
    if let Some(reset) = &course.reset {
        out.push((Role::Dirty, reset.clone()));
    }
    if let Some(step) = step(course) {
        out.push((Role::Plain, String::new()));
        out.push((
            Role::Dirty,
            format!(
                "Step {} of {}",
                course.progress.step + 1,
                lesson.steps.len()
            ),
        ));
        out.extend(step.doing.lines().map(|l| (Role::Plain, l.to_string())));
        if let (Some(q), Some(yes)) = (&step.predict, course.predicted) {
            let said = if yes { "yes" } else { "no" };
            out.push((Role::Note, format!("{} You said: {said}.", q.ask)));
        }
    }
    out.push((Role::Plain, String::new()));
    out.push((Role::Note, "F9 starts this lesson again.".into()));
    out
}
