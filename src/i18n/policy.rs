//! The policy's refusals and the client's errors in the interface's language.
