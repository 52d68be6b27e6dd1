pub mod pred;
