//! Parses and checks the generated 10,000-line policy a few times, for profilers
//! (`valgrind --tool=callgrind target/release/examples/profile_parse`).

fn main() {
    let text = care_check::generate::policy(10_000);
    let mut n = 0;
    for _ in 0..3 {
        let mut ws = care_check::workspace::Workspace::new();
        let id = ws.add_text(std::path::Path::new("/g/gen.care"), text.clone());
        let (d, p) = care_check::loader::check_workspace(&mut ws, &[id]);
        n += d.len() + p.len();
    }
    println!("{} bytes, {n}", text.len());
}
