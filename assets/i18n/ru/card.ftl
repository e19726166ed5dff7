# card: Russian
