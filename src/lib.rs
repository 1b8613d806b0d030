pub mod catalogue;
pub mod diagnostic;
pub mod ids;
pub mod register;
