//! The `competency` binary: parse arguments, run, exit with the library's code.

fn main() {
    let code = competency::run(std::env::args_os());
    std::process::exit(code);
}
