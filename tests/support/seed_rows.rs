//! The facts of the seed's two tables (Fivetran's response-code reference), as
//! data shared by the tests that walk them: tests/seed_facts.rs (through the
//! generated API) and tests/docs.rs (through docs/fivetran.md).

/// (status, reason phrase) for every row of the status table.
pub const STATUS_ROWS: &[(u16, &str)] = &[
    (200, "OK"),
    (201, "Created"),
    (204, "No Content"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (409, "Conflict"),
    (415, "Unsupported Media Type"),
    (429, "Too Many Requests"),
    (500, "Internal Server Error"),
];

/// (code value, statuses, category name) for every row of the code table.
pub const CODE_ROWS: &[(&str, &[u16], &str)] = &[
    ("Success", &[200, 201], "Success"),
    ("InvalidInput", &[400], "Validation"),
    ("Unauthorized", &[401], "Authentication"),
    ("Forbidden", &[403], "Authorization"),
    ("NotFound_Connector", &[404], "Not found"),
    ("NotFound_Role", &[404], "Not found"),
    ("RoleExists", &[409], "Conflict"),
    ("AlreadyInSync", &[409], "Conflict"),
    ("TooManyRequests", &[429], "Rate limiting"),
    ("ServerError", &[500], "Server error"),
];
