//! The language server: protocol messages in, analysis-host queries, protocol answers out.
//!
//! Edits update the host at once (cheap: one file re-parsed) and bump a generation counter;
//! diagnostics are computed after a short debounce on a blocking thread, from a snapshot, and
//! dropped if another edit came in meanwhile, so a slow check never delays the diagnostics of
//! the next keystroke. Requests answer from the latest snapshot; a cancelled request's future is
//! dropped by the transport.

use crate::commands;
use crate::convert::{self, path_of, position, range, uri_of, DocLinks};
use care_analysis::{Analysis, AnalysisHost, CompletionKind, SymbolKind, TOKEN_TYPES};
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// How long the server waits after an edit before checking: keystrokes closer than this are
/// checked once.
const DEBOUNCE: Duration = Duration::from_millis(40);

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    host: Mutex<AnalysisHost>,
    /// The workspace folders: the only places files are read from.
    roots: Mutex<Vec<PathBuf>>,
    open: Mutex<HashSet<PathBuf>>,
    show_silenced: AtomicBool,
    snippets: AtomicBool,
    /// The client takes `workspace/codeLens/refresh` requests.
    lens_refresh: AtomicBool,
    generation: AtomicU64,
    /// Files whose last published diagnostics were not empty, to clear them when they go.
    published: Mutex<HashSet<PathBuf>>,
    /// Fixture runs by policy folder, for the code lens (refreshed on save).
    fixtures: Mutex<HashMap<PathBuf, Arc<FixtureRun>>>,
    links: Option<DocLinks>,
    /// The language of diagnostics, hovers, quick fixes and completion details: the client's
    /// `locale` (`initialize`), else the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    lang: Mutex<care_i18n::Lang>,
}

struct FixtureRun {
    tally: HashMap<String, (usize, usize)>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave the data half-written in a way that matters
    // here (every write is a whole replacement): keep serving.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            state: Arc::new(State {
                links: Some(DocLinks::new()),
                ..State::default()
            }),
        }
    }

    fn snapshot(&self) -> Analysis {
        lock(&self.state.host).analysis()
    }

    fn within_roots(&self, path: &Path) -> bool {
        lock(&self.state.roots).iter().any(|r| path.starts_with(r))
    }

    /// Reads the `.care` files under the workspace folders into the host.
    fn load_roots(&self) {
        let roots = lock(&self.state.roots).clone();
        let open = lock(&self.state.open).clone();
        let mut found = Vec::new();
        for root in &roots {
            walk(root, &mut found, 0);
        }
        let mut host = lock(&self.state.host);
        for path in found {
            if open.contains(&path) {
                continue; // the editor's buffer wins
            }
            if let Ok(text) = std::fs::read_to_string(&path) {
                host.set_file(&path, text);
            }
        }
    }

    /// Schedules the diagnostics of the folders `paths` belong to (after the debounce).
    fn schedule(&self, paths: Vec<PathBuf>) {
        let generation = self.state.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            if state.generation.load(Ordering::SeqCst) != generation {
                return; // a newer edit will publish
            }
            publish(state, client, paths, Some(generation)).await;
        });
    }

    fn file_and_offset(&self, uri: &Uri, pos: Position) -> Option<(Analysis, PathBuf, usize)> {
        let path = path_of(uri)?;
        let analysis = self.snapshot();
        let file = analysis.file(&path)?;
        let offset = convert::offset(&file.source, pos);
        Some((analysis, path, offset))
    }

    fn location(analysis: &Analysis, loc: &care_analysis::Location) -> Option<Location> {
        let file = analysis.file(&loc.path)?;
        Some(Location::new(
            uri_of(&loc.path)?,
            range(&file.source, loc.span),
        ))
    }

    fn read_settings(&self, value: &Json) {
        let v = value
            .get("care")
            .and_then(|c| c.get("showSilenced"))
            .or_else(|| value.get("showSilenced"));
        if let Some(b) = v.and_then(Json::as_bool) {
            self.state.show_silenced.store(b, Ordering::SeqCst);
        }
    }
}

/// `.care` files under a folder (hidden folders, `target` and `node_modules` skipped).
fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out, depth + 1),
            Ok(m) if m.is_file() && name.ends_with(".care") => {
                out.push(care_check::workspace::lexical(&p))
            }
            _ => {}
        }
    }
}

/// Computes and publishes the diagnostics of the folders of `paths` (every folder when empty).
/// With a generation, gives up when a newer edit arrived before the results are ready.
async fn publish(state: Arc<State>, client: Client, paths: Vec<PathBuf>, generation: Option<u64>) {
    let analysis = lock(&state.host).analysis();
    let show_silenced = state.show_silenced.load(Ordering::SeqCst);
    let lang = *lock(&state.lang);
    let work_state = state.clone();
    let computed = tokio::task::spawn_blocking(move || {
        let folders = if paths.is_empty() {
            analysis.folders()
        } else {
            let mut seen = HashSet::new();
            paths
                .iter()
                .filter_map(|p| analysis.folder(p))
                .filter(|f| seen.insert(f.dir.clone()))
                .collect()
        };
        let mut out: Vec<(PathBuf, Vec<Diagnostic>, Option<i32>)> = Vec::new();
        let links = work_state.links.as_ref();
        for folder in folders {
            let files = |id: care_syntax::FileId| {
                folder
                    .file(id)
                    .map(|f| (f.data.source.clone(), f.path.clone()))
            };
            for f in &folder.files {
                if f.path.parent() != Some(folder.dir.as_path()) {
                    continue; // an include from elsewhere: its own folder publishes it
                }
                let diags: Vec<Diagnostic> = folder
                    .diagnostics_in(&f.path, lang)
                    .iter()
                    .filter(|d| show_silenced || d.silenced.is_none())
                    .filter_map(|d| links.and_then(|l| convert::diagnostic(d, &files, l)))
                    .collect();
                out.push((f.path.clone(), diags, None));
            }
        }
        out
    })
    .await;
    let Ok(computed) = computed else { return };
    if let Some(g) = generation {
        if state.generation.load(Ordering::SeqCst) != g {
            return; // stale: a newer edit is on its way
        }
    }
    let open = lock(&state.open).clone();
    for (path, diags, version) in computed {
        let had = lock(&state.published).contains(&path);
        if diags.is_empty() && !had && !open.contains(&path) {
            continue;
        }
        {
            let mut published = lock(&state.published);
            if diags.is_empty() {
                published.remove(&path);
            } else {
                published.insert(path.clone());
            }
        }
        if let Some(uri) = uri_of(&path) {
            client.publish_diagnostics(uri, diags, version).await;
        }
    }
}

fn completion_kind(k: CompletionKind) -> CompletionItemKind {
    match k {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Local | CompletionKind::Input => CompletionItemKind::VARIABLE,
        CompletionKind::Value | CompletionKind::Output => CompletionItemKind::CONSTANT,
        CompletionKind::Function | CompletionKind::Builtin => CompletionItemKind::FUNCTION,
        CompletionKind::Table => CompletionItemKind::STRUCT,
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Variant => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Enum => CompletionItemKind::ENUM,
        CompletionKind::Record | CompletionKind::Type => CompletionItemKind::CLASS,
        CompletionKind::Track => CompletionItemKind::MODULE,
        CompletionKind::Objective | CompletionKind::Rule => CompletionItemKind::REFERENCE,
        CompletionKind::Document => CompletionItemKind::FILE,
    }
}

fn symbol_kind(k: SymbolKind) -> tower_lsp_server::ls_types::SymbolKind {
    use tower_lsp_server::ls_types::SymbolKind as K;
    match k {
        SymbolKind::Policy => K::PACKAGE,
        SymbolKind::Document => K::FILE,
        SymbolKind::Enum => K::ENUM,
        SymbolKind::Variant => K::ENUM_MEMBER,
        SymbolKind::Record => K::STRUCT,
        SymbolKind::Field | SymbolKind::Column => K::FIELD,
        SymbolKind::Input => K::VARIABLE,
        SymbolKind::Track => K::MODULE,
        SymbolKind::Theme => K::NAMESPACE,
        SymbolKind::Objective => K::KEY,
        SymbolKind::Rule => K::EVENT,
        SymbolKind::Table => K::ARRAY,
        SymbolKind::Function => K::FUNCTION,
        SymbolKind::Value => K::CONSTANT,
        SymbolKind::Output => K::PROPERTY,
        SymbolKind::Amendment => K::OPERATOR,
    }
}

fn document_symbol(
    file: &care_syntax::SourceFile,
    s: &care_analysis::DocumentSymbol,
) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: range(file, s.span),
        selection_range: range(file, s.selection),
        children: Some(
            s.children
                .iter()
                .map(|c| document_symbol(file, c))
                .collect(),
        ),
    }
}

fn invalid_params(what: impl Into<String>) -> Error {
    Error::invalid_params(what.into())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| path_of(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(path_of));
        }
        *lock(&self.state.roots) = roots;
        *lock(&self.state.lang) = params
            .locale
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .map_or_else(care_i18n::Lang::from_env, care_i18n::Lang::from_locale);
        if let Some(opts) = &params.initialization_options {
            self.read_settings(opts);
        }
        let snippets = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        self.state.snippets.store(snippets, Ordering::SeqCst);
        let lens_refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false);
        self.state
            .lens_refresh
            .store(lens_refresh, Ordering::SeqCst);
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "care".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::FULL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![".".to_string(), " ".to_string()]),
                    ..CompletionOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: SemanticTokensLegend {
                                token_types: TOKEN_TYPES
                                    .iter()
                                    .map(|t| SemanticTokenType::new(t))
                                    .collect(),
                                token_modifiers: vec![SemanticTokenModifier::DECLARATION],
                            },
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec!["care.evaluate".to_string(), "care.runFixtures".to_string()],
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let backend_state = self.state.clone();
        let client = self.client.clone();
        self.load_roots();
        publish(backend_state, client, Vec::new(), None).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        lock(&self.state.open).insert(path.clone());
        lock(&self.state.host).set_file(&path, params.text_document.text);
        self.schedule(vec![path]);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        // Full sync: the last change holds the whole text.
        let Some(change) = params.content_changes.into_iter().last() else {
            return;
        };
        lock(&self.state.host).set_file(&path, change.text);
        self.schedule(vec![path]);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        lock(&self.state.fixtures).remove(&commands::policy_dir(&path));
        if self.state.lens_refresh.load(Ordering::SeqCst) {
            // Not awaited here: the client answers when it can, and edits keep flowing.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.code_lens_refresh().await;
            });
        }
        self.schedule(vec![path]);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        lock(&self.state.open).remove(&path);
        // Back to the file on disk (an unsaved buffer is gone), or nothing outside the folders.
        let on_disk = if self.within_roots(&path) {
            std::fs::read_to_string(&path).ok()
        } else {
            None
        };
        {
            let mut host = lock(&self.state.host);
            match on_disk {
                Some(text) => host.set_file(&path, text),
                None => host.remove_file(&path),
            }
        }
        self.schedule(vec![path]);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.read_settings(&params.settings);
        publish(self.state.clone(), self.client.clone(), Vec::new(), None).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .filter_map(|f| path_of(&f.uri))
            .collect();
        {
            let mut roots = lock(&self.state.roots);
            roots.retain(|r| !removed.contains(r));
            roots.extend(params.event.added.iter().filter_map(|f| path_of(&f.uri)));
        }
        {
            let snapshot = self.snapshot();
            let open = lock(&self.state.open).clone();
            let stale: Vec<PathBuf> = snapshot
                .files()
                .map(|f| f.path.clone())
                .filter(|p| !open.contains(p) && !self.within_roots(p))
                .collect();
            let mut host = lock(&self.state.host);
            for p in stale {
                host.remove_file(&p);
            }
        }
        self.load_roots();
        publish(self.state.clone(), self.client.clone(), Vec::new(), None).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some((analysis, path, offset)) = self.file_and_offset(&p.text_document.uri, p.position)
        else {
            return Ok(None);
        };
        let lang = *lock(&self.state.lang);
        let Some(h) = analysis.hover_in(&path, offset, lang) else {
            return Ok(None);
        };
        let file = analysis.file(&path).map(|f| f.source.clone());
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: file.map(|f| range(&f, h.span)),
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let Some((analysis, path, offset)) = self.file_and_offset(&p.text_document.uri, p.position)
        else {
            return Ok(None);
        };
        let locs: Vec<Location> = analysis
            .definition(&path, offset)
            .iter()
            .filter_map(|l| Self::location(&analysis, l))
            .collect();
        Ok((!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let Some((analysis, path, offset)) = self.file_and_offset(&p.text_document.uri, p.position)
        else {
            return Ok(None);
        };
        let locs: Vec<Location> = analysis
            .references(&path, offset, params.context.include_declaration)
            .iter()
            .filter_map(|l| Self::location(&analysis, l))
            .collect();
        Ok(Some(locs))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let p = params.text_document_position_params;
        let Some((analysis, path, offset)) = self.file_and_offset(&p.text_document.uri, p.position)
        else {
            return Ok(None);
        };
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        Ok(Some(
            analysis
                .highlights(&path, offset)
                .into_iter()
                .map(|(span, role)| DocumentHighlight {
                    range: range(&file, span),
                    kind: Some(match role {
                        care_analysis::Role::Def | care_analysis::Role::Amend => {
                            DocumentHighlightKind::WRITE
                        }
                        care_analysis::Role::Use => DocumentHighlightKind::READ,
                    }),
                })
                .collect(),
        ))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let Some((analysis, path, offset)) = self.file_and_offset(&p.text_document.uri, p.position)
        else {
            return Ok(None);
        };
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        let snippets = self.state.snippets.load(Ordering::SeqCst);
        let lang = *lock(&self.state.lang);
        let items: Vec<CompletionItem> = analysis
            .completions_in(&path, offset, lang)
            .into_iter()
            .map(|c| {
                let edit_range =
                    Range::new(position(&file, c.replace_from), position(&file, offset));
                let (text, format) = match (&c.insert, snippets) {
                    (Some(call), true) => (snippet(call), InsertTextFormat::SNIPPET),
                    _ => (c.label.clone(), InsertTextFormat::PLAIN_TEXT),
                };
                CompletionItem {
                    label: c.label.clone(),
                    kind: Some(completion_kind(c.kind)),
                    detail: c.detail.clone(),
                    label_details: c.insert.as_ref().map(|i| CompletionItemLabelDetails {
                        detail: i.strip_prefix(c.label.as_str()).map(str::to_string),
                        description: None,
                    }),
                    documentation: c.documentation.map(|d| {
                        Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: d,
                        })
                    }),
                    insert_text_format: Some(format),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(edit_range, text))),
                    ..CompletionItem::default()
                }
            })
            .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = self.snapshot();
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        let syms = analysis.document_symbols(&path);
        Ok(Some(DocumentSymbolResponse::Nested(
            syms.iter().map(|s| document_symbol(&file, s)).collect(),
        )))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let analysis = self.snapshot();
        let out: Vec<SymbolInformation> = analysis
            .workspace_symbols(&params.query, 1000)
            .into_iter()
            .filter_map(|s| {
                let file = analysis.file(&s.path)?.source.clone();
                #[allow(deprecated)]
                Some(SymbolInformation {
                    name: s.name,
                    kind: symbol_kind(s.kind),
                    tags: None,
                    deprecated: None,
                    location: Location::new(uri_of(&s.path)?, range(&file, s.span)),
                    container_name: Some(s.container),
                })
            })
            .collect();
        Ok(Some(WorkspaceSymbolResponse::Flat(out)))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = self.snapshot();
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        let Some(formatted) = analysis.format(&path) else {
            return Ok(Some(Vec::new()));
        };
        let whole = range(&file, care_syntax::Span::new(0, file.text.len()));
        Ok(Some(vec![TextEdit::new(whole, formatted)]))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((analysis, path, offset)) =
            self.file_and_offset(&params.text_document.uri, params.position)
        else {
            return Ok(None);
        };
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        match analysis.prepare_rename(&path, offset) {
            Ok((span, name)) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: range(&file, span),
                placeholder: name,
            })),
            Err(e) => Err(invalid_params(e.to_string())),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let Some((analysis, path, offset)) = self.file_and_offset(&p.text_document.uri, p.position)
        else {
            return Ok(None);
        };
        let edits = analysis
            .rename(&path, offset, &params.new_name)
            .map_err(|e| invalid_params(e.to_string()))?;
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        for (p, spans) in edits {
            let (Some(uri), Some(file)) = (uri_of(&p), analysis.file(&p)) else {
                continue;
            };
            changes.insert(
                uri,
                spans
                    .into_iter()
                    .map(|s| TextEdit::new(range(&file.source, s), params.new_name.clone()))
                    .collect(),
            );
        }
        Ok(Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = self.snapshot();
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        let span = care_syntax::Span::new(
            convert::offset(&file, params.range.start),
            convert::offset(&file, params.range.end),
        );
        let folder = analysis.folder(&path);
        let links = self.state.links.as_ref();
        let mut out = Vec::new();
        let lang = *lock(&self.state.lang);
        for action in analysis.code_actions_in(&path, span, lang) {
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for e in &action.edits {
                let (Some(uri), Some(f)) = (uri_of(&e.path), analysis.file(&e.path)) else {
                    continue;
                };
                changes
                    .entry(uri)
                    .or_default()
                    .push(TextEdit::new(range(&f.source, e.span), e.text.clone()));
            }
            let diagnostic = folder.as_ref().and_then(|folder| {
                let files = |id: care_syntax::FileId| {
                    folder
                        .file(id)
                        .map(|f| (f.data.source.clone(), f.path.clone()))
                };
                let local = care_i18n::Catalog::new(lang).localize(&action.diagnostic);
                links.and_then(|l| convert::diagnostic(&local, &files, l))
            });
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostic.map(|d| vec![d]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(action.preferred),
                ..CodeAction::default()
            }));
        }
        Ok(Some(out))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = self.snapshot();
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        let mut data = Vec::new();
        let (mut last_line, mut last_col) = (0u32, 0u32);
        for t in analysis.semantic_tokens(&path) {
            let start = position(&file, t.start);
            let end = position(&file, t.end);
            if end.line != start.line {
                continue; // tokens never span lines
            }
            let delta_line = start.line - last_line;
            let delta_start = if delta_line == 0 {
                start.character - last_col
            } else {
                start.character
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: end.character - start.character,
                token_type: t.ty as u32,
                token_modifiers_bitset: u32::from(t.declaration),
            });
            last_line = start.line;
            last_col = start.character;
        }
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = self.snapshot();
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        Ok(Some(
            analysis
                .folding_ranges(&path)
                .into_iter()
                .map(|f| {
                    let start = position(&file, f.start).line;
                    let end = position(&file, f.end).line;
                    FoldingRange {
                        start_line: start,
                        end_line: if f.comment {
                            end
                        } else {
                            end.saturating_sub(1).max(start)
                        },
                        kind: Some(if f.comment {
                            FoldingRangeKind::Comment
                        } else {
                            FoldingRangeKind::Region
                        }),
                        ..FoldingRange::default()
                    }
                })
                .collect(),
        ))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = self.snapshot();
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        let from = convert::offset(&file, params.range.start);
        let to = convert::offset(&file, params.range.end);
        Ok(Some(
            analysis
                .inlay_hints(&path, from, to)
                .into_iter()
                .map(|h| InlayHint {
                    position: position(&file, h.offset),
                    label: InlayHintLabel::String(h.label),
                    kind: Some(if h.parameter {
                        InlayHintKind::PARAMETER
                    } else {
                        InlayHintKind::TYPE
                    }),
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: Some(h.parameter),
                    data: None,
                })
                .collect(),
        ))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = self.snapshot();
        let Some(folder) = analysis.folder(&path) else {
            return Ok(None);
        };
        let Some(id) = folder.id_of(&path) else {
            return Ok(None);
        };
        let Some(file) = analysis.file(&path).map(|f| f.source.clone()) else {
            return Ok(None);
        };
        let state = self.clone_for_blocking();
        let path2 = path.clone();
        let analysis2 = analysis.clone();
        let run = tokio::task::spawn_blocking(move || state.fixture_run(&analysis2, &path2))
            .await
            .ok()
            .flatten();
        let Some(run) = run else {
            return Ok(Some(Vec::new()));
        };
        let policy_uri = uri_of(&folder.dir).map(|u| u.as_str().to_string());
        let mut out = Vec::new();
        for o in folder.occurrences_in(id) {
            let name = match (&o.symbol, o.role) {
                (
                    care_analysis::Symbol::Rule(n) | care_analysis::Symbol::Output(n),
                    care_analysis::Role::Def,
                ) => n,
                _ => continue,
            };
            let Some((pass, fail)) = run.tally.get(name) else {
                continue;
            };
            out.push(CodeLens {
                range: range(&file, o.span),
                command: Some(Command {
                    title: format!("✓ {pass} · ✗ {fail}"),
                    command: "care.showFixtures".to_string(),
                    arguments: Some(vec![
                        serde_json::json!({ "policy": policy_uri, "rule": name }),
                    ]),
                }),
                data: None,
            });
        }
        Ok(Some(out))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Json>> {
        let arg = params.arguments.into_iter().next().unwrap_or(Json::Null);
        match params.command.as_str() {
            "care.evaluate" => {
                let args: commands::EvaluateArgs = serde_json::from_value(arg)
                    .map_err(|e| invalid_params(format!("care.evaluate: {e}")))?;
                let dossier = args
                    .dossier
                    .parse::<Uri>()
                    .ok()
                    .and_then(|u| path_of(&u))
                    .ok_or_else(|| invalid_params("care.evaluate: `dossier` is not a file URI"))?;
                let analysis = self.snapshot();
                let policy = match &args.policy {
                    Some(p) => p
                        .parse::<Uri>()
                        .ok()
                        .and_then(|u| path_of(&u))
                        .map(|p| commands::policy_dir(&p)),
                    None => commands::policy_of_dossier(&analysis, &dossier),
                };
                let readable =
                    self.within_roots(&dossier) || lock(&self.state.open).contains(&dossier);
                let version = args.version.clone();
                let result = tokio::task::spawn_blocking(move || {
                    let folder = policy.and_then(|p| analysis.folder(&p.join("_")));
                    let bytes = if readable {
                        std::fs::read(&dossier)
                    } else {
                        Err(std::io::Error::new(
                            std::io::ErrorKind::PermissionDenied,
                            "en dehors des dossiers de l'espace de travail",
                        ))
                    };
                    commands::evaluate(folder.as_deref(), &dossier, bytes, version.as_deref())
                })
                .await
                .map_err(|_| Error::internal_error())?;
                Ok(serde_json::to_value(result).ok())
            }
            "care.runFixtures" => {
                let args: commands::RunFixturesArgs = serde_json::from_value(arg)
                    .map_err(|e| invalid_params(format!("care.runFixtures: {e}")))?;
                let dir = args
                    .policy
                    .parse::<Uri>()
                    .ok()
                    .and_then(|u| path_of(&u))
                    .map(|p| commands::policy_dir(&p))
                    .ok_or_else(|| {
                        invalid_params("care.runFixtures: `policy` is not a file URI")
                    })?;
                if !self.within_roots(&dir) {
                    return Err(invalid_params(
                        "care.runFixtures: the policy is outside the workspace folders",
                    ));
                }
                let analysis = self.snapshot();
                let filter = args.filter.clone();
                let dir2 = dir.clone();
                let lang = *lock(&self.state.lang);
                let out = tokio::task::spawn_blocking(move || {
                    let folder = analysis.folder(&dir2.join("_"));
                    match folder {
                        Some(f) => commands::run_fixtures(&f, filter.as_deref())
                            .map(|r| commands::fixtures_json(&dir2, &r, lang)),
                        None => Err(format!("no policy in `{}`", dir2.display())),
                    }
                })
                .await
                .map_err(|_| Error::internal_error())?;
                match out {
                    Ok(json) => Ok(Some(json)),
                    Err(why) => Err(Error {
                        code: tower_lsp_server::jsonrpc::ErrorCode::InvalidRequest,
                        message: why.into(),
                        data: None,
                    }),
                }
            }
            other => Err(invalid_params(format!("unknown command `{other}`"))),
        }
    }
}

/// The parts of the backend a blocking task needs.
struct BlockingState {
    state: Arc<State>,
}

impl Backend {
    fn clone_for_blocking(&self) -> BlockingState {
        BlockingState {
            state: self.state.clone(),
        }
    }

    /// `care/fileInfo`.
    pub async fn file_info(&self, params: FileInfoParams) -> Result<Json> {
        let path = params
            .uri
            .parse::<Uri>()
            .ok()
            .and_then(|u| path_of(&u))
            .ok_or_else(|| invalid_params("care/fileInfo: `uri` is not a file URI"))?;
        let analysis = self.snapshot();
        tokio::task::spawn_blocking(move || commands::file_info(&analysis, &path))
            .await
            .map_err(|_| Error::internal_error())
    }
}

impl BlockingState {
    fn fixture_run(&self, analysis: &Analysis, path: &Path) -> Option<Arc<FixtureRun>> {
        let folder = analysis.folder(path)?;
        if let Some(run) = lock(&self.state.fixtures).get(&folder.dir) {
            return Some(run.clone());
        }
        let inside = lock(&self.state.roots)
            .iter()
            .any(|r| folder.dir.starts_with(r));
        if !inside || !folder.dir.join("tests").is_dir() {
            return None;
        }
        let results = commands::run_fixtures(&folder, None).ok()?;
        let run = Arc::new(FixtureRun {
            tally: commands::tally(&results),
        });
        lock(&self.state.fixtures).insert(folder.dir.clone(), run.clone());
        Some(run)
    }
}

#[derive(serde::Deserialize)]
pub struct FileInfoParams {
    pub uri: String,
}

/// `round(x, n)` as a snippet with tab stops on the parameters.
fn snippet(call: &str) -> String {
    let Some((name, rest)) = call.split_once('(') else {
        return call.to_string();
    };
    let inner = rest.trim_end_matches(')');
    let params: Vec<String> = inner
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(|(i, p)| format!("${{{}:{p}}}", i + 1))
        .collect();
    format!("{name}({})", params.join(", "))
}
