//! The course: short lessons on the demo database, each step done in the workbench and checked
//! on the model (never by reading the screen), then what happened shown in SQLAlchemy's words.
//! Progress is the learner's, kept in the data directory.

mod lessons;
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
}

/// The course's own statement on another connection than the Session's.
pub enum Elsewhere {
    /// Read this, and show its first row.
    Read(&'static str),
    /// Change the database as another client: the statement is made from the model (the row
    /// the learner staged); None when there is nothing to change.
    Change(fn(&Model) -> Option<String>),
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
    vec![]
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
    course.baseline = baseline;
    vec![Command::SaveCourse(model.course.progress.clone())]
}

/// After every action and event: the step the learner was on is done, so the next one begins.
pub fn advance(model: &mut Model) -> Vec<Command> {
    if !model.course.open {
        return vec![];
    }
    let Some(step) = step(&model.course) else {
        return vec![];
    };
    if !(step.done)(model, &model.course.baseline) {
        return vec![];
    }
    let elsewhere = match &step.elsewhere {
        Some(Elsewhere::Read(sql)) => Some(((*sql).to_string(), false)),
        Some(Elsewhere::Change(make)) => make(model).map(|sql| (sql, true)),
        None => None,
    };
    let course = &mut model.course;
    course.happened = Some(step.happened);
    course.elsewhere = (elsewhere.as_ref()).map(|_| "another connection is at work…".to_string());
    course.progress.step += 1;
    let steps = lesson(course).map_or(0, |l| l.steps.len());
    if course.progress.step >= steps {
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
    }
    out.push((Role::Plain, String::new()));
    out.push((Role::Note, "F9 starts this lesson again.".into()));
    out
}
