//! The service over HTTP with the real client: users, access, tokens, the access policy (a
//! matrix, a model and generated worlds against an oracle), abuse, faults and fuzzing.
#[path = "../common/mod.rs"]
mod common;

mod abuse;
mod access;
mod audit;
mod authz_matrix;
mod budget;
mod bystander;
mod copies;
mod fairness;
mod fresh;
mod fuzz;
mod hostile;
mod policy_agreement;
mod policy_cases;
mod policy_model;
mod seed;
mod server_faults;
mod text;
mod tokens;
mod users;
