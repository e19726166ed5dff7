# objects: Russian
