# audit: Russian
