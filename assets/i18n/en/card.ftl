# card: English
