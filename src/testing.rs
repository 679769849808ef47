//! What the tests, the benchmarks' generator and the examples reach inside
//! the crate for, and nothing else: the crate's public surface is
//! [`crate::run`]. Hidden from the documentation; not a stable interface.
//! Each module mirrors the crate module of the same name.

pub mod assessment {
    pub use crate::assessment::person_id;
}

pub mod catalog {
    pub use crate::catalog::Catalog;
}

pub mod diagnostic {
    pub use crate::diagnostic::Code;
}

pub mod file {
    pub use crate::file::create_private_dir;
}

pub mod framework_file {
    pub use crate::framework_file::{framework_from_str, roles_from_str};
}

pub mod model {
    pub use crate::model::{Framework, Indicator, Perspective, Polarity, Subject};
}

pub mod record {
    pub use crate::record::raw::RawRecord;
    pub use crate::record::{Filed, Method, RaterKind, Rating, Record, SCHEMA, Status, parse};

    pub mod fast {
        pub use crate::record::fast::parse;
    }

    pub mod rules {
        pub use crate::record::rules::check;
    }
}

pub mod report {
    pub use crate::report::Standing;

    pub mod select {
        pub use crate::report::select::compare;
    }

    pub mod team {
        pub use crate::report::team::{Rules, section, team_member};
    }
}

pub mod text {
    pub use crate::text::csv_cell;
}
