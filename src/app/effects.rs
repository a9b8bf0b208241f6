//! Runs commands on tokio and reports back as events. The UI never awaits any of this.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::msg::{Command, Event};
use crate::engine::{Canceller, Connection, QueryEvent};

#[derive(Clone)]
pub struct Effects {
    conn: Arc<Connection>,
    canceller: Canceller,
    events: mpsc::UnboundedSender<Event>,
}

impl Effects {
    pub fn new(conn: Arc<Connection>, events: mpsc::UnboundedSender<Event>) -> Self {
        let canceller = conn.canceller();
        Effects {
            conn,
            canceller,
            events,
        }
    }

    pub fn run(&self, cmd: Command) {
        let this = self.clone();
        match cmd {
            Command::LoadCatalog => {
                tokio::spawn(async move {
                    let r = crate::meta::list_relations(&this.conn).await;
                    let _ = this.events.send(Event::CatalogLoaded(r));
                });
            }
            Command::Execute { id, sql } => {
                tokio::spawn(async move {
                    let (tx, mut rx) = mpsc::channel::<QueryEvent>(8);
                    let forward = async {
                        while let Some(ev) = rx.recv().await {
                            let ev = match ev {
                                QueryEvent::Columns(columns) => {
                                    Event::ResultStarted { id, columns }
                                }
                                QueryEvent::Rows(batch) => Event::RowsReceived { id, batch },
                            };
                            if this.events.send(ev).is_err() {
                                break;
                            }
                        }
                    };
                    let run = async {
                        let r = this.conn.execute(&sql, &tx).await;
                        drop(tx);
                        r
                    };
                    let (result, ()) = tokio::join!(run, forward);
                    let _ = this.events.send(Event::QueryFinished { id, result });
                });
            }
            Command::Cancel => {
                tokio::spawn(async move {
                    let _ = this.canceller.cancel().await;
                });
            }
        }
    }
}
