//! Whose the status line's message is. A room's note belongs to the screen it was said on (the
//! front-most room that is not a popup, at or under the room): it is shown while that screen is
//! in front, leaves when another screen comes in front (a fresh room starts with a clean line),
//! and a note said behind the screen in front waits until its screen is in front again. A note
//! that something is under way is replaced by what the answer says, or leaves with the answer.
use super::App;

impl App {
    /// The screen in front: the front-most room that is not a popup.
    pub(super) fn screen(&self) -> u64 {
        self.layers
            .iter()
            .rev()
            .find(|(_, l)| !l.room().popup())
            .map_or(0, |(id, _)| *id)
    }

    /// The screen room `room` is drawn on: itself, or the one under it if it is a popup.
    pub(super) fn screen_of(&self, room: u64) -> u64 {
        let Some(pos) = self.layers.iter().position(|(id, _)| *id == room) else {
            return room;
        };
        self.layers[..=pos]
            .iter()
            .rev()
            .find(|(_, l)| !l.room().popup())
            .map_or(0, |(id, _)| *id)
    }

    /// A room's note for `screen`: on the line if that screen is in front, else kept for it.
    pub(super) fn note(&mut self, screen: u64, room: u64, text: String, error: bool, progress: bool) {
        if screen == self.screen() {
            self.status.set(text, error, Some(screen), progress.then_some(room));
        } else {
            self.parked.insert(screen, (text, error));
        }
    }

    /// After each message: another screen in front takes the line from the one before.
    pub(super) fn screen_changed(&mut self, said_before: u64) {
        let now = self.screen();
        if now == self.screen {
            return;
        }
        self.screen = now;
        let fresh = self.status.said != said_before;
        let owner = self.status.owner;
        let gone = owner.is_some_and(|o| !self.layers.iter().any(|(id, _)| *id == o));
        // Kept: what was said for this screen, and what was just said by the app or by a room
        // as it left (its parting words are for the screen it leaves to).
        if owner == Some(now) || (fresh && (owner.is_none() || gone)) {
            if gone {
                self.status.owner = Some(now);
            }
        } else {
            self.status.clear();
            if let Some((text, error)) = self.parked.remove(&now) {
                self.status.set(text, error, Some(now), None);
            }
        }
        self.parked.remove(&now);
        let layers = &self.layers;
        self.parked.retain(|id, _| layers.iter().any(|(l, _)| l == id));
    }

    /// An answer reached `room`: a note of it that something was under way leaves, unless the
    /// answer said something in its place.
    pub(super) fn answered_progress(&mut self, room: u64, said_before: u64) {
        if self.status.said == said_before && self.status.progress_by == Some(room) {
            self.status.clear();
            self.dirty = true;
        }
    }

    /// Takes popup `room` off the stack; returns the room under it, which opened it.
    pub(super) fn remove_popup(&mut self, room: u64) -> Option<u64> {
        let pos = self.layers.iter().position(|(id, _)| *id == room)?;
        if pos == 0 {
            return None;
        }
        self.layers.remove(pos);
        Some(self.layers[pos - 1].0)
    }
}
