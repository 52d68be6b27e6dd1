//! -delete and -prune, and GNU's refusal of the two together: -delete
//! turns on -depth, under which -prune does nothing.

use crate::find::cmdline::error::ParseError;
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Action;
use crate::find::walk::Follow;

/// -delete turns on -depth; where it stands is kept for the check
/// against -prune.
pub(crate) fn delete(p: &mut Parser<'_>, at: usize) -> Result<Action, ParseError> {
    p.delete_at.get_or_insert(at);
    p.opts.contents_first = true;
    Ok(Action::Delete)
}

/// -prune; where the first one stands is kept for the check against
/// -delete.
pub(crate) fn prune(p: &mut Parser<'_>, at: usize) -> Result<Action, ParseError> {
    p.prune_at.get_or_insert(at);
    Ok(Action::Prune)
}

/// -delete turns on -depth, under which -prune does nothing: GNU
/// refuses the pair unless -depth was asked for explicitly, and so do
/// we, before anything is deleted.
pub(crate) fn check_delete_with_prune(p: &Parser<'_>) -> Result<(), ParseError> {
    if let (Some(delete), Follow::Always) = (p.delete_at, p.opts.follow) {
        // GNU follows the links and deletes what they lead to; tk never
        // deletes outside the starting points, so it refuses.
        return Err(ParseError::new(
            "-delete with -L or -follow would delete files outside the starting points \
             through symbolic links; drop -L to delete the links themselves",
            Some(delete),
        ));
    }
    match (p.delete_at, p.prune_at) {
        (Some(_), Some(prune)) if !p.explicit_depth => Err(ParseError::new(
            "The -delete action automatically turns on -depth, but -prune does nothing \
             when -depth is in effect.  If you want to carry on anyway, just explicitly \
             use the -depth option.",
            Some(prune),
        )),
        _ => Ok(()),
    }
}
