# audit: English
