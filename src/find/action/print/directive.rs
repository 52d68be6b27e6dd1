//! What one -printf directive prints (`%p`, `%s`, `%TY`...), by its
//! letter: the parsed form `format` keeps and `render` fills in.

use crate::find::types::TimeField;

/// What a directive prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Directive {
    /// %a %c %t: "Tue Mar  5 07:08:09.1234567890 2024".
    Ctime(TimeField),
    /// %A<k> %B<k> %C<k> %T<k>: one strftime conversion (or `@`, `+`).
    Time(TimeField, u8),
    Blocks,
    Depth,
    Device,
    BaseName,
    FsType,
    Group,
    Gid,
    Dirname,
    StartPoint,
    Inode,
    KiloBlocks,
    LinkTarget,
    ModeOctal,
    ModeString,
    Links,
    Path,
    RelPath,
    Size,
    Sparseness,
    User,
    Uid,
    Kind,
    TargetKind,
    Context,
}

impl Directive {
    pub(super) fn from_letter(c: u8, aux: u8) -> Option<Directive> {
        use Directive as D;
        use TimeField as F;
        Some(match c {
            b'a' => D::Ctime(F::Access),
            b'c' => D::Ctime(F::Change),
            b't' => D::Ctime(F::Modify),
            b'A' => D::Time(F::Access, aux),
            b'B' => D::Time(F::Birth, aux),
            b'C' => D::Time(F::Change, aux),
            b'T' => D::Time(F::Modify, aux),
            b'b' => D::Blocks,
            b'd' => D::Depth,
            b'D' => D::Device,
            b'f' => D::BaseName,
            b'F' => D::FsType,
            b'g' => D::Group,
            b'G' => D::Gid,
            b'h' => D::Dirname,
            b'H' => D::StartPoint,
            b'i' => D::Inode,
            b'k' => D::KiloBlocks,
            b'l' => D::LinkTarget,
            b'm' => D::ModeOctal,
            b'M' => D::ModeString,
            b'n' => D::Links,
            b'p' => D::Path,
            b'P' => D::RelPath,
            b's' => D::Size,
            b'S' => D::Sparseness,
            b'u' => D::User,
            b'U' => D::Uid,
            b'y' => D::Kind,
            b'Y' => D::TargetKind,
            b'Z' => D::Context,
            _ => return None,
        })
    }

    /// Whether printing it needs the file's metadata.
    pub(super) fn needs_stat(self) -> bool {
        use Directive as D;
        !matches!(
            self,
            D::Depth
                | D::BaseName
                | D::Dirname
                | D::StartPoint
                | D::Path
                | D::RelPath
                | D::Kind
                | D::LinkTarget
                | D::Context
                | D::Time(TimeField::Birth, _)
        )
    }
}
