pub mod catalogue;
pub mod diagnostic;
pub mod ids;
pub mod messages;
pub mod output;
pub mod register;
pub mod rules;
