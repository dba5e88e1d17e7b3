//! `care init DIR`: the skeleton of a new call for projects, clean under `care check` and
//! `care test`, for an author to fill in: a version, the module of its input data, one rule with
//! its source, one output, and one fixture dossier with its expected outputs.

use crate::exit;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care init policies/appel-2027 --title \"Appel à projets 2027\"
  care check policies/appel-2027 && care test --policy policies/appel-2027

Exit: 0 created, 2 the folder is not empty or the options are wrong, 6 a file could not be
written.")]
pub struct Args {
    /// The folder of the new policy (created; it must not hold files already)
    dir: PathBuf,
    /// The policy's id (default: the folder's name)
    #[arg(long)]
    id: Option<String>,
    /// The call's title, in French
    #[arg(long, default_value = "Appel à projets")]
    title: String,
    /// The date of the first version (default: today)
    #[arg(long)]
    version: Option<String>,
}

pub fn run(args: Args) -> i32 {
    let id = match args.id.clone().or_else(|| {
        args.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    }) {
        Some(id) if is_policy_id(&id) => id,
        Some(id) => {
            errln!("{}", crate::ui::error("cli-init-bad-id", &[("id", &id)]));
            errln!("{}", crate::ui::help("cli-init-bad-id-help", &[]));
            return exit::USAGE;
        }
        None => {
            errln!("{}", crate::ui::error("cli-init-no-id", &[]));
            return exit::USAGE;
        }
    };
    let version = match &args.version {
        Some(v) => match v.parse::<jiff::civil::Date>() {
            Ok(d) => d,
            Err(_) => {
                errln!("{}", crate::ui::error("cli-not-a-date", &[("value", v)]));
                return exit::USAGE;
            }
        },
        None => jiff::Zoned::now().date(),
    };
    if std::fs::read_dir(&args.dir).is_ok_and(|mut d| d.next().is_some()) {
        let path = args.dir.display().to_string();
        errln!(
            "{}",
            crate::ui::error("cli-init-not-empty", &[("path", &path)])
        );
        return exit::USAGE;
    }
    if args.title.contains(['"', '\\']) {
        errln!("{}", crate::ui::error("cli-init-bad-title", &[]));
        return exit::USAGE;
    }
    let files = skeleton(&id, &args.title, version);
    for (name, text) in &files {
        if let Err(e) = write(&args.dir.join(name), text) {
            let path = args.dir.join(name).display().to_string();
            let reason = crate::ui::io_reason(&e);
            errln!(
                "{}",
                crate::ui::error("cli-cannot-write", &[("path", &path), ("reason", &reason)])
            );
            return exit::IO;
        }
    }
    if !crate::ui::quiet() {
        let path = args.dir.display().to_string();
        let names = files
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        errln!(
            "{}",
            crate::ui::text("cli-init-created", &[("path", &path), ("files", &names)])
        );
        errln!("{}", crate::ui::text("cli-init-next", &[("path", &path)]));
    }
    exit::OK
}

fn is_policy_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

/// The files of the skeleton, by their path in the folder.
fn skeleton(id: &str, title: &str, version: jiff::civil::Date) -> Vec<(String, String)> {
    let version_file = format!(
        r#"// {title} : première version de la politique.
policy {id} "{title}" {{
  version {version}
  timezone "Europe/Paris"
  reference dossier.depose_le
}}

include "donnees.care"

prerequisite DEPOT.DELAI "Le dossier complet est déposé avant la date limite" {{
  source CDC §1 "Calendrier de l'appel à projets"
  note "À compléter : la date limite du cahier des charges, à l'heure de Paris."
  require dossier.depose_le <= 2030-12-31T23:59[Europe/Paris]
  fix "Déposer le dossier complet avant la date limite."
}}

output eligible: bool "Candidature éligible" {{
  source CDC §1 "Conditions d'éligibilité"
  all_rules_passed()
}}
"#
    );
    let data = r#"// Données de l'appel à projets : les documents cités et le format du dossier de candidature
// (les noms des champs sont ceux de l'export de la plateforme). Module inclus par chaque version.

document CDC "Cahier des charges de l'appel à projets"

record Candidature "Dossier de candidature" {
  id: text "Référence du dossier sur la plateforme"
  depose_le: instant "Date et heure de réception du dossier complet"
}

input dossier: Candidature
"#
    .to_string();
    let dossier = r#"{
  "id": "DOSSIER-0001",
  "depose_le": "2030-06-01T10:00:00+02:00"
}
"#
    .to_string();
    let expected = "{\n  \"eligible\": true\n}\n".to_string();
    vec![
        (format!("{version}.care"), version_file),
        ("donnees.care".to_string(), data),
        ("tests/depot-dans-les-delais.json".to_string(), dossier),
        (
            "tests/depot-dans-les-delais.expected.json".to_string(),
            expected,
        ),
    ]
}
