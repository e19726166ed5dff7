//! A profile's colour as the config names it (`red`, `#ff8800`, `208`), checked here without a
//! terminal library; the TUI turns it into its own colour. The names are the terminal's sixteen
//! and are read as ratatui reads them, so any name accepted here draws.
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl FromStr for Colour {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let name = s
            .to_lowercase()
            .replace([' ', '-', '_'], "")
            .replace("bright", "light")
            .replace("grey", "gray")
            .replace("silver", "gray")
            .replace("lightblack", "darkgray")
            .replace("lightwhite", "white")
            .replace("lightgray", "white");
        Ok(match name.as_str() {
            "reset" => Colour::Reset,
            "black" => Colour::Black,
            "red" => Colour::Red,
            "green" => Colour::Green,
            "yellow" => Colour::Yellow,
            "blue" => Colour::Blue,
            "magenta" => Colour::Magenta,
            "cyan" => Colour::Cyan,
            "gray" => Colour::Gray,
            "darkgray" => Colour::DarkGray,
            "lightred" => Colour::LightRed,
            "lightgreen" => Colour::LightGreen,
            "lightyellow" => Colour::LightYellow,
            "lightblue" => Colour::LightBlue,
            "lightmagenta" => Colour::LightMagenta,
            "lightcyan" => Colour::LightCyan,
            "white" => Colour::White,
            _ => {
                if let Ok(i) = s.parse::<u8>() {
                    Colour::Indexed(i)
                } else {
                    let hex = s.strip_prefix('#').filter(|h| h.len() == 6 && h.is_ascii()).ok_or(())?;
                    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| ());
                    Colour::Rgb(byte(0)?, byte(2)?, byte(4)?)
                }
            }
        })
    }
}

/// As the config check prints it (`Red`, `LightRed`, `208`, `#00AA00`).
impl std::fmt::Display for Colour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Colour::Indexed(i) => write!(f, "{i}"),
            Colour::Rgb(r, g, b) => write!(f, "#{r:02X}{g:02X}{b:02X}"),
            named => write!(f, "{named:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Colour;

    #[test]
    fn names_numbers_and_hex_read_as_the_terminal_would() {
        assert_eq!("Bright-Red".parse(), Ok(Colour::LightRed));
        assert_eq!("grey".parse(), Ok(Colour::Gray));
        assert_eq!("208".parse(), Ok(Colour::Indexed(208)));
        assert_eq!("#00aa00".parse(), Ok(Colour::Rgb(0, 0xaa, 0)));
        for bad in ["", "#00aa0", "#00aa0g", "256", "reddish", "#ééé"] {
            assert_eq!(bad.parse::<Colour>(), Err(()), "{bad}");
        }
    }
}
