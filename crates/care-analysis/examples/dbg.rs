use care_analysis::AnalysisHost;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let mut host = AnalysisHost::new();
    let p = std::path::Path::new("/ws/p/v1.care");
    host.set_file(p, text.clone());
    let a = host.analysis();
    let f = a.folder(p).unwrap();
    for d in &f.diagnostics {
        println!("{} {}", d.code, d.message);
    }
    for o in &f.occurrences {
        if matches!(o.symbol, care_analysis::Symbol::Local { .. }) {
            println!("{:?} {:?} {:?}", o.symbol, o.span, o.ty);
        }
    }
}
