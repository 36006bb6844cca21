//! `jing mock` and the `jing-mock` program (in jing-mock) share one definition of their
//! options: every option of `jing-mock` is one of `jing mock`, with the same help and
//! default.

#[test]
fn jing_mock_takes_every_option_of_jing_mock() {
    let mut jing = jing_cli::command();
    jing.build();
    let Some(sub) = jing.find_subcommand("mock") else {
        panic!("`jing mock` exists");
    };
    let mut own = jing_mock::program::command();
    own.build();
    let options: Vec<_> = own
        .get_arguments()
        .filter(|arg| !matches!(arg.get_id().as_str(), "help" | "version"))
        .collect();
    assert!(options.len() > 5, "jing-mock has its options");
    for arg in options {
        let theirs = sub
            .get_arguments()
            .find(|known| known.get_id() == arg.get_id());
        let Some(theirs) = theirs else {
            panic!("`jing mock` lacks --{}", arg.get_id());
        };
        assert_eq!(
            theirs.get_help().map(ToString::to_string),
            arg.get_help().map(ToString::to_string)
        );
        assert_eq!(theirs.get_default_values(), arg.get_default_values());
    }
}
