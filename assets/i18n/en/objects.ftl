# objects: English
