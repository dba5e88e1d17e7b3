# The catalog of care's messages, in English: one entry per diagnostic code (the title of its
# section in docs/diagnostics.md), entries for the precise messages the checker names with a key
# (`CODE-what`), with their label and help when they have one, and the data errors. The English
# messages the checker prints are written at their sites; this catalog holds them again so that
# a test can prove that every translation takes the same arguments and says the same thing.
# French: fr.ftl, entry for entry.

## Syntax
E0001 = syntax error
E0001-unexpected = unexpected `{ $found }`
    .label = expected { $expected }
E0001-french-keyword = unexpected `{ $found }`
    .label = expected { $expected }
    .help = `{ $word }` is French: care's keywords are English: `{ $english }` (`si … alors … sinon` is `if … then … else`, `et` is `and`, `ou` is `or`, `non` is `not`)
E0002 = invalid literal value
E0003 = a file that is not UTF-8 text
E0004 = an expression nested too deeply
E0005 = a list literal too long
E0006 = a name that looks like another

## Names
E0101 = unknown name
E0101-unknown-name = unknown name `{ $name }`
    .label = not declared
E0101-french-keyword = unknown name `{ $found }`
    .label = not declared
    .help = `{ $found }` is French: care's keywords are English: `{ $english }` (`si … alors … sinon` is `if … then … else`, `et` is `and`, `ou` is `or`, `non` is `not`)
E0101-loop-dropped = unknown name `{ $name }`
    .label = not declared
    .help = the rule amended repeats `for each { $name } in { $list }`: an amendment that gives new logic replaces all of it (`when`, `for each`, `let`, `require`), so repeat `for each { $name } in { $list }` in it
E0101-ambiguous-variant = `{ $name }` is a variant of several enums
    .label = ambiguous
E0101-not-a-variant = unknown name `{ $name }`
    .label = not a track nor an enum variant
E0102 = duplicate declaration
E0103 = unknown code
E0103-unknown-code = unknown code `{ $code }`
E0104 = duplicate code
E0105 = unknown document
E0105-unknown-document = unknown document `{ $name }`
    .label = not a declared document
E0106 = unknown type
E0106-unknown-type = unknown type `{ $name }`
    .label = not a known type
E0107 = unknown field or variant
E0107-no-field = `{ $record }` has no field `{ $field }`
    .label = unknown field
E0108 = unknown function
E0109 = a declaration depends on itself
E0110 = a chain of dependencies too long

## Types
E0201 = type mismatch
E0201-operator = cannot apply `{ $op }` to `{ $left }` and `{ $right }`
E0201-condition = { $what } must be a condition (`bool`), found `{ $found }`
    .label = not a condition
E0202 = wrong number of arguments
E0204 = not a list
E0205 = wrong form of a list operation

## Policy structure
E0301 = a selection that cannot be met
E0302 = overlapping ranges
E0303 = gap in ranges
E0304 = inverted date window
E0305 = amendment of something that does not exist
E0305-missing = { $what } `{ $name }` does not exist in the amended version
    .label = nothing to amend
E0305-rule-is-objective = { $what } `{ $name }` does not exist in the amended version
    .label = nothing to amend
    .help = `{ $name }` is an objective, not a { $what }: amend it with `amend objective { $name } {"{"} … {"}"}`
E0305-wrong-kind = `{ $name }` is a { $found }, not a { $what }
    .label = amended with the wrong keyword
E0306 = incomplete policy or rule
E0306-no-timezone = policy `{ $id }` declares no time zone
E0307 = table row shape
E0308 = duplicate table key
E0309 = amended version not found, or amendments in a circle
E0310 = a folder with two policies, or two versions of the same date
E0311 = track key missing or used twice
E0312 = amends a version that is not earlier
E0313 = include not found, or includes in a circle
E0314 = policy header in an included file
E0315 = bad `@allow` annotation
E0316 = bounds on a field that cannot hold
E0317 = identifier or decision that is not a text field or a bool output
E0318 = reference date that is not a field of the input

## Warnings
W0001 = missing_source
W0001-no-source = { $what } `{ $name }` cites no source
W0002 = orphan_module
W0002-orphan = no version includes this file
    .label = not checked: no policy header and not included
    .help = include it from a version (`include "file.care"`), or start it with a `policy` header
W0003 = unused_allow
W0004 = cap_never_binds
W0005 = invisible_character

## Helps shared by many messages
help-did-you-mean = did you mean `{ $name }`?
help-allow = if this is intended, write `@allow({ $lint }, "reason")` before the declaration
help-docs = see docs/language.md for what this declaration accepts

## Words of the rendering
severity-error = error
severity-warning = warning
word-help = help
word-note = note
word-silenced = silenced
summary = { $files } { $files ->
        [one] file
       *[other] files
    } checked: { $errors } { $errors ->
        [one] error
       *[other] errors
    }, { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    }

## Data errors (care eval, care test): the kinds of problems a dossier can have
data-syntax = the file is not valid JSON or YAML
data-wrong_type = a value of the wrong type
data-invalid_value = a value that is not acceptable
data-missing = a required field is missing
data-duplicate = a field given twice
data-unknown_field = an unknown field (ignored)
data-too_many = too many problems: the list is cut short
data-schema = the policy's input cannot be used to read data
