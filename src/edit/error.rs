//! Why an edit or a command did not happen.

use crate::model::{BoundaryId, DiagramId, ElementId, FlowId, FragmentId, MessageId, NoteId};

/// An edit that cannot apply: it names a diagram that is not there or of the other kind.
/// Commands build valid edits, so this means a stale edit (e.g. an undo step whose diagram a
/// bug removed behind the history's back).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No diagram with that id.
    #[error("there is no diagram {0}")]
    NoDiagram(DiagramId),
    /// The diagram is a sequence diagram where a DFD was needed, or the other way round.
    #[error("diagram {0} is not a {1}")]
    WrongDiagramKind(DiagramId, &'static str),
    /// An edit of a transaction failed and putting back the edits applied before it failed
    /// too, so the model is partly changed. An inverse applies wherever its edit just did, so
    /// this cannot happen; it is reported rather than hidden, should that reasoning ever break.
    #[error("{cause}; taking back the edits before it failed too ({rollback}): the model may be partly changed")]
    RollbackFailed {
        /// Why the transaction failed.
        cause: Box<EditError>,
        /// Why putting the model back failed.
        rollback: Box<EditError>,
    },
}

/// A command refused: it names something that is not there, or doing it would leave the
/// model invalid (a file that would not load back). The message is written for the user, so a
/// status bar can show it as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// No sequence diagram with that id.
    #[error("there is no sequence diagram {0}")]
    NoSequenceDiagram(DiagramId),
    /// No element with that id.
    #[error("there is no element {0}")]
    NoElement(ElementId),
    /// No flow with that id.
    #[error("there is no data flow {0}")]
    NoFlow(FlowId),
    /// The element (named) already has a lifeline on the diagram.
    #[error("{0} already has a lifeline on this diagram")]
    AlreadyLifeline(String),
    /// The element (named) has no lifeline on the diagram.
    #[error("{0} has no lifeline on this diagram")]
    NoLifeline(String),
    /// No message with that id on the diagram.
    #[error("there is no message {0} on this diagram")]
    NoMessage(MessageId),
    /// No fragment with that id on the diagram.
    #[error("there is no fragment {0} on this diagram")]
    NoFragment(FragmentId),
    /// No note with that id on the diagram.
    #[error("there is no note {0} on this diagram")]
    NoNote(NoteId),
    /// A message's flow does not go the message's way.
    #[error("the data flow {flow} does not go from {from} to {to}")]
    FlowDirection {
        /// The flow's name.
        flow: String,
        /// The sending lifeline's name.
        from: String,
        /// The receiving lifeline's name.
        to: String,
    },
    /// Moving a message would put a fragment's last message before its first, or its else
    /// branch outside it.
    #[error("that move would break a fragment: move the whole fragment's messages, or remove the fragment first")]
    TearsFragment,
    /// A fragment would end before it starts.
    #[error("a fragment's first message must not come after its last")]
    FragmentBackwards,
    /// Only `alt` fragments have an else branch.
    #[error("only an alt fragment has an else branch")]
    ElseNeedsAlt,
    /// An else branch must start inside its fragment, after the fragment's first message.
    #[error("the else branch must start inside the fragment, after its first message")]
    ElseOutside,
    /// The fragment has no else branch to change.
    #[error("this fragment has no else branch")]
    NoElseBranch,
    /// A suppression without a written reason.
    #[error("a suppressed finding needs a written reason")]
    NoReason,
    /// Not a valid check id.
    #[error("\"{0}\" is not a check id (letters, digits, '-', '_' or '.')")]
    BadRuleId(String),
    /// The record a finding would be suppressed on is not in the model.
    #[error("there is nothing called {0} in the model")]
    NoSubject(String),
    /// There is no such trust boundary.
    #[error("there is no trust boundary {0}")]
    NoBoundary(BoundaryId),
    /// Nesting a boundary inside itself or one of its own descendants.
    #[error("a trust boundary cannot sit inside itself or inside a boundary it contains")]
    BoundaryCycle,
    /// A text is longer than a model may hold.
    #[error("the {what} is longer than {limit} characters")]
    TooLong {
        /// What the text is: "guard", "note".
        what: &'static str,
        /// The most characters allowed.
        limit: usize,
    },
}
