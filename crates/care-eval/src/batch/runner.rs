//! The ordered parallel runner: chunks read on the calling thread, evaluated on a rayon pool,
//! written back in input order through a bounded reorder window.

use std::io::{self, Write};

use super::*;
use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};

impl<'e> Batch<'e> {
    /// Runs the batch: reads `source`, evaluates on the worker threads, writes one result line a
    /// dossier to `out` in input order (a CSV header first), calls `progress` after each chunk
    /// written. Call it from outside the batch's own threads (it blocks waiting for results).
    pub fn run<S: Source, W: Write>(
        &self,
        mut source: S,
        mut out: W,
        mut progress: impl FnMut(Progress),
    ) -> Result<Summary, BatchError> {
        let threads = self
            .options
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let window = self.options.window.unwrap_or((3 * threads).max(4)).max(1) as u64;
        let items = if self.options.explain {
            self.options.chunk_items / 16
        } else {
            self.options.chunk_items
        };
        let limits = Limits {
            items: items.max(1),
            bytes: self.options.chunk_bytes.max(1),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("care-batch-{i}"))
            .build()
            .map_err(|e| BatchError::Threads(e.to_string()))?;
        // One workspace a worker thread (and one for a job run elsewhere).
        let spaces: Vec<Mutex<Workspace<'e>>> = (0..=threads)
            .map(|_| Mutex::new(Workspace::new(self)))
            .collect();
        if self.options.format == OutputFormat::Csv {
            out.write_all(self.csv_header().as_bytes())
                .map_err(BatchError::Output)?;
        }

        struct Done {
            seq: u64,
            chunk: Chunk,
            text: String,
            tally: Tally,
        }
        let (tx, rx) = mpsc::channel::<Done>();
        let mut total = Tally::new(self.bool_names.len(), self.money_names.len());
        let mut input_error: Option<io::Error> = None;
        let mut output_error: Option<io::Error> = None;
        let mut at = Progress::default();
        pool.in_place_scope_fifo(|scope| {
            let mut free_chunks: Vec<Chunk> = Vec::new();
            let mut free_texts: Vec<String> = Vec::new();
            let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
            let (mut next_seq, mut next_write) = (0u64, 0u64);
            let mut eof = false;
            loop {
                // Keep the window full.
                while !eof && next_seq - next_write < window {
                    let mut chunk = free_chunks.pop().unwrap_or_default();
                    chunk.clear();
                    if let Err(e) = source.fill(&mut chunk, limits) {
                        input_error = Some(e);
                    }
                    if chunk.is_empty() || input_error.is_some() || output_error.is_some() {
                        eof = true;
                    }
                    if chunk.is_empty() {
                        break;
                    }
                    let mut text = free_texts.pop().unwrap_or_default();
                    text.clear();
                    let seq = next_seq;
                    next_seq += 1;
                    let tx = tx.clone();
                    let spaces = &spaces;
                    let pool = &pool;
                    scope.spawn_fifo(move |_| {
                        let i = pool.current_thread_index().unwrap_or(threads);
                        let slot = spaces.get(i).or(spaces.last());
                        let tally = match slot {
                            Some(slot) => {
                                let mut ws = slot.lock().unwrap_or_else(|p| p.into_inner());
                                self.process(&mut ws, &chunk, &mut text);
                                let tally = ws.tally.clone();
                                ws.tally.reset();
                                tally
                            }
                            None => Tally::default(),
                        };
                        let _ = tx.send(Done {
                            seq,
                            chunk,
                            text,
                            tally,
                        });
                    });
                }
                if next_write == next_seq {
                    break;
                }
                let Ok(done) = rx.recv() else {
                    break;
                };
                pending.insert(done.seq, done);
                // Write what is next in input order.
                while let Some(done) = pending.remove(&next_write) {
                    next_write += 1;
                    if output_error.is_none() {
                        if let Err(e) = out.write_all(done.text.as_bytes()) {
                            output_error = Some(e);
                            eof = true;
                        }
                    }
                    total.merge(&done.tally);
                    at.dossiers += done.chunk.len() as u64;
                    at.bytes += done.chunk.bytes;
                    if output_error.is_none() {
                        progress(at);
                    }
                    if free_chunks.len() < 4 {
                        free_chunks.push(done.chunk);
                    }
                    if free_texts.len() < 4 {
                        free_texts.push(done.text);
                    }
                }
            }
        });
        if let Some(e) = output_error {
            return Err(BatchError::Output(e));
        }
        out.flush().map_err(BatchError::Output)?;
        if let Some(e) = input_error {
            return Err(BatchError::Input(e));
        }
        Ok(self.summary(&total))
    }
}
