//! Adding an optional property to a spec does not break code that builds or reads its type.
//!
//! `Ticket` and `TicketNext` are one body in two versions of an API (see the fixture): the
//! second adds the optional `seat_class`. `user_code!` is code a user writes against the first
//! version; it is compiled, unchanged, against both. It can only be written with `new` and the
//! `with_` setters (a struct literal of a `#[non_exhaustive]` type does not compile outside the
//! crate, see `generated/tests/required.rs`), which is what keeps it compiling when a field is
//! added.

use stress_sdk::types::{Ticket, TicketNext};

/// Builds a value, changes it, reads it back with a pattern, and encodes it.
macro_rules! user_code {
    ($ty:ident) => {{
        let mut ticket = $ty::new("t-1", 2).with_note("aisle");
        ticket.seats += 1;
        let $ty { id, seats, .. } = &ticket;
        assert_eq!((id.as_str(), *seats), ("t-1", 3));
        let decoded: $ty = serde_json::from_str(r#"{"id":"t-2","seats":1}"#).expect("decodes");
        assert_eq!(decoded, $ty::new("t-2", 1));
        serde_json::to_value(&ticket).expect("encodes")
    }};
}

#[test]
fn code_written_for_the_first_version_compiles_and_behaves_the_same_against_the_second() {
    let first = user_code!(Ticket);
    let next = user_code!(TicketNext);
    // The added field starts empty and is not sent, so the request on the wire is unchanged.
    assert_eq!(first, next);
    assert_eq!(
        next,
        serde_json::json!({"id": "t-1", "seats": 3, "note": "aisle"})
    );
    let with_class = TicketNext::new("t-1", 3).with_seat_class("first");
    assert_eq!(with_class.seat_class.as_deref(), Some("first"));
}
