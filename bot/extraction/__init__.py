"""Reading nominations out of mail text: vocabulary, layout patterns and people.

The handlers classify, extract, validate and decide call into this package; nothing here
touches the pipeline context, so every function can be tested on plain strings.
"""
