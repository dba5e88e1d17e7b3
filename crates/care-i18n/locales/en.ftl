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
    .label = no objective or rule has this code
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
    .label = `{ $left }` { $op } `{ $right }`
E0201-condition = { $role ->
        [not] the operand of `not`
        [if] the condition of `if`
        [where] the `where` filter
        [achieved] the achievement condition
        [when] `when`
        [require] `require`
       *[other] { $what }
    } must be a condition (`bool`), found `{ $found }`
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
    .also = declared here
E0306 = incomplete policy or rule
E0306-no-timezone = policy `{ $id }` declares no time zone
    .label = no `timezone` in this header
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
E0317 = range written on another column
E0318 = values no range covers
E0319 = identifier or decision that is not a text field or a bool output
E0320 = reference date that is not a field of the input

## Warnings
W0001 = missing_source
W0001-no-source = { $what } `{ $name }` cites no source
    .label = no `source`
W0001-no-source-help = say where the rule comes from, e.g. `source CDC §5.2`, so that explanations can cite it
W0002 = orphan_module
W0002-orphan = no version includes this file
    .label = not checked: no policy header and not included
W0002-orphan-help = include it from a version (`include "file.care"`), or start it with a `policy` header
W0003 = unused_allow
W0004 = cap_never_binds
W0005 = invisible_character

## Helps shared by many messages
help-did-you-mean = did you mean `{ $suggestion }`?
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

## The precise messages of each site, by code (the English the site prints, word for word)

# Syntax
E0001-unexpected-here = unexpected `{ $found }`
    .label = not understood here
E0001-end-of-file = unexpected end of file
    .label = not understood here
E0001-end-of-file-expected = unexpected end of file
    .label = expected { $expected }
E0001-french-keyword-here = unexpected `{ $found }`
    .label = not understood here
E0001-not-closed = this declaration is not closed before the next one starts
    .label = missing here
E0001-not-closed-expected = this declaration is not closed before the next one starts
    .label = expected { $expected }
E0001-trailing = unexpected text after the expression
E0001-chained = comparisons do not chain
    .label = not allowed here
    .help = compare two values at a time, joined by `and`: `a < b and b < c`
E0001-french-keyword-help = `{ $word }` is French: care's keywords are English: `{ $english }` (`si … alors … sinon` is `if … then … else`, `et` is `and`, `ou` is `or`, `non` is `not`)
E0001-not-closed-help = a closing `{"}"}` (or a value) is probably missing at the end of this declaration
E0001-end-of-file-help = the file ends in the middle of a declaration: is a closing `{"}"}` or a value missing?
E0001-paren-after-let-help = a line that starts with `(` begins a new step: the `let` above ends with its line. To continue the `let`, end its line with an operator; in a rule, say what the condition is for: `require (…)`
E0001-declaration-help = each declaration starts with a keyword such as `rule`, `track`, `table` or `output`; see docs/language.md
E0002-date = `{ $value }` is not a date
    .label = invalid value
    .help = dates are written YYYY-MM-DD, with a month from 01 to 12 and a day that exists in that month
E0002-sign = `-{ $value }` has no meaning
    .label = invalid value
    .help = only numbers, amounts and percentages have a sign
E0002-duration = `{ $value }` is not a whole number of { $unit }
    .label = invalid value
    .help = durations count whole days, weeks, months or years
E0002-decimal = `{ $value }` is too large or too precise for a decimal
    .label = invalid value
    .help = decimals hold at most 28 significant digits
E0002-int = `{ $value }` is too large for an integer
    .label = invalid value
    .help = integers range up to 9223372036854775807
E0002-percent = this percentage cannot be represented
    .label = out of range
E0002-instant = `{ $value }` is not a valid instant
    .label = invalid instant
E0002-instant-zone = `{ $value }` names an unknown time zone
    .label = not an IANA time zone
E0002-instant-gap = `{ $value }` never happened in `{ $zone }`
    .label = skipped when the clocks went forward
E0002-instant-fold = `{ $value }` happened twice in `{ $zone }`
    .label = repeated when the clocks went back
E0002-instant-help = write an instant with an offset (`2026-06-04T16:00:00+02:00`) or a time zone (`2026-06-04T16:00[Europe/Paris]`); offsets go up to ±23:59 and seconds up to 59
E0002-instant-gap-help = write the offset that is meant: `{ $before }` (before the change) or `{ $after }` (after it)
E0002-instant-fold-help = write the offset that is meant: `{ $before }` (the first time) or `{ $after }` (the second time)
E0003-not-utf8 = this file is not UTF-8 text
    .label = not UTF-8
E0003-not-utf8-help = save the file as UTF-8 (the encoding of every `.care` file); this byte is shown as �
E0004-too-deep = this expression is nested too deeply
    .label = too deeply nested
    .help = an expression nests at most { $depth } levels (parentheses, lists, calls, `if`s, and each operator of a chain): give its parts names with `let` or a `value`
E0004-too-deep-help = an expression nests at most { $depth } levels (parentheses, lists, calls, `if`s, and each operator of a chain): give its parts names with `let` or a `value`
E0005-long-list = a list of { $items } items
    .label = too many items
    .help = a list written in a policy holds at most { $max } items: put long lists in a `table`, or in the dossier
E0006-combining = the name `{ $name }` holds a combining character (U+{ $char })
    .label = looks like another name
E0006-combining-help = write each accented letter as one character (`é`, not `e` followed by an accent)
E0006-scripts = the name `{ $name }` mixes scripts ({ $scripts })
    .label = looks like another name
E0006-scripts-help = write a name in one script: a Cyrillic `а` or a Greek `ο` look like Latin letters

# What the parser expected, in the label of E0001
word-or = or
expected-declaration = a declaration (`rule`, `track`, `table`, `output`, …)
expected-end-of-file = the end of the file
expected-text = a text in double quotes
expected-name = a name
expected-policy-id = a policy id such as `essms-poc`
expected-code = a code such as `POC.P1.O1.1`
expected-rule-name = a rule code or name
expected-whole-number = a whole number
expected-number = a number
expected-date = a date (YYYY-MM-DD)
expected-instant = an instant (2026-06-04T16:00:00+02:00)
expected-expression = an expression
expected-comparison = a comparison
expected-operator = an operator
expected-type = a type
expected-field = a field (`name: type`)
expected-variant = a variant name
expected-cell = a cell value
expected-table-header = the table's header row (`| key | value |`)
expected-table-row = a table row
expected-section = a section (§…)
expected-section-kind = `mandatory` or `a_la_carte`
expected-bound = `at_least`, `at_most` or `exactly`
expected-rule-kind = `rule` or `prerequisite`
expected-body = a body in braces
expected-param = a parameter (`name: type`)
expected-item-kind = a kind of declaration
expected-comprehension = `:` or `by`
expected-record-entry = a `key: value` entry

# Names
E0101-ambiguous-variant-help = write one of { $names }
E0101-names-help = names are `let` bindings, parameters, values, outputs, tracks, the input, or enum variants
E0102-variant = variant `{ $name }` is listed twice
    .label = listed again here
    .also = first listed here
E0102-field = field `{ $field }` is declared twice in `{ $record }`
    .label = declared again here
E0102-record-key = key `{ $key }` appears twice
    .label = repeated key
E0102-builtin = `{ $name }` is the name of a built-in function
    .label = this { $what } would hide it
E0102-builtin-help = give it another name
E0102-declared-twice = `{ $name }` is declared twice
    .label = { $what } declared again here
    .also = first declared here
E0102-declared-twice-help = give it another name, or use `replace` in a version that amends another
E0102-two-inputs = a version has one input
    .label = second input declared here
    .also = first input declared here
E0102-two-inputs-help = declare one record holding all the data the policy reads
E0104-code-twice = code `{ $code }` is used twice
    .label = declared again here
    .also = first declared here
E0104-code-twice-help = objective and rule codes identify them in results: each must be unique in a version
E0105-declare-help = declare the document first: `document CDC "Cahier des charges …"`
E0105-documents-help = declared documents: { $documents }
E0106-types-help = types are bool, int, decimal, share, money, date, instant, duration, text, code, track, or a declared record or enum
E0107-no-variant = `{ $enum }` has no variant `{ $variant }`
    .label = unknown variant
E0107-variants-help = variants: { $variants }
E0107-record-fields-help = fields of `{ $record }`: { $fields }
E0107-no-field-here = no field `{ $field }` here
    .label = unknown field
E0107-fields-help = fields: { $fields }
E0107-no-track-field = a track has no field `{ $field }`
    .label = unknown field
E0107-track-fields-help = track fields: `key`, `label`, `mandatory`, `a_la_carte`, `objectives`, `at_least`, `at_most`
E0107-no-fields = a `{ $type }` has no fields
    .label = `.{ $field }` on a `{ $type }`
E0108-unknown-function = unknown function `{ $name }`
    .label = not a function, table or built-in
E0108-builtins-help = see the list of built-in functions in docs/language.md
E0108-unknown-operation = unknown operation `{ $name }(… in …)`
    .label = not a list operation
E0108-operations-help = list operations: all, any, none, count, sum, min, max, mean, list, sort
E0109-cycle = { $what ->
        [value] value
        [output] output
        [function] function
        [rule] rule
       *[objective] objective
    } { $name } depends on itself
    .label = this use closes the cycle
    .also = used here
E0109-cycle-help = cycle: { $cycle }; the language has no recursion
E0110-chain-end = `{ $name }` ends a chain of more than { $max } declarations that depend on one another
    .label = too far down the chain
E0110-chain-start = { $what ->
        [value] value
        [output] output
        [function] function
        [rule] rule
       *[objective] objective
    } { $name } starts a chain of { $length } declarations that depend on one another
    .label = more than { $max } steps
E0110-help = a value, output, function, rule or objective may depend on others through at most { $max } steps: compute intermediate results in fewer steps (a `sum`, a table)

# Types
E0201-expected = expected `{ $expected }`, found `{ $found }`
    .label = this is `{ $found }`
E0201-may-be-absent-help = this value may be absent: give a default with `otherwise`, e.g. `x otherwise { $example }`
E0201-condition-absent-help = this value may be absent: use `present(x)` or `x otherwise false`
E0201-negate = cannot negate a `{ $found }`
    .label = not a number
E0201-branches = the branches of `if` differ: `{ $then }` and `{ $else }`
    .label = not the type of the `then` branch
E0201-list-items = list items differ: `{ $first }` and `{ $other }`
    .label = not the type of the items before
E0201-range = a range goes between whole numbers, not `{ $found }`
    .label = not an int
E0201-table-as-value = table `{ $name }` is looked up with a key: `{ $name }(key)`
    .label = a table, not a value
E0201-function-as-value = function `{ $name }` is called with its arguments: `{ $name }(…)`
    .label = a function, not a value
E0201-sort-key = cannot sort by a `{ $found }`
    .label = not orderable
E0201-list-condition = the condition of `{ $op }` must be a `bool`, found `{ $found }`
    .label = not a condition
E0201-aggregate = `{ $op }` of `{ $found }` values
    .label = not numbers
E0201-joins = `{ $op }` joins conditions, this is `{ $found }`
    .label = not a condition
E0201-side-absent-help = one side may be absent: give a default with `otherwise`, e.g. `x otherwise { $example }`
E0201-same-type-help = only values of the same type can be compared
E0201-compare-money-help = amounts compare with amounts: write `{ $number } €`, not `{ $number }`
E0201-add-money-help = amounts add to amounts: write `{ $number } €`, not `{ $number }`
E0201-instant-date-help = convert the instant with `date(x)` to compare it with a date
E0201-in-items-help = the value and the list items must have the same type
E0201-in-list-help = `in` tests membership in a list
E0201-otherwise-help = the default must have the type of the value
E0201-durations-help = durations are added to a date one at a time: `d + 3 years + 2 months`
E0201-dates-help = the days between two dates: `days_between(a, b)`
E0201-money-times-money-help = money times money has no meaning: multiply by a number or a rate
E0201-not-a-code = expected a rule or objective code
    .label = not a code
E0201-optional-output = output `{ $name }` may be absent
    .label = optional output
E0201-optional-output-typed-help = an output always has a value: declare its type without `?` and give a default with `otherwise` in its body
E0201-optional-output-help = an output always has a value: give a default with `otherwise` in its body
E0201-default-variant = `{ $name }` is not a variant of `{ $enum }`
    .label = not a variant
E0201-default-type = default of type `{ $found }` for a field of type `{ $expected }`
    .label = wrong type
E0201-default-literal = a default value is a literal or an enum variant
    .label = not a literal
E0201-bound-type = bound of type `{ $found }` for a field of type `{ $expected }`
    .label = wrong type
E0201-bound-money-help = write an amount: `0 €`, `300000.00 €`
E0201-bound-share-help = write a percentage (`90 %`) or a decimal (`0.9`)
E0201-bound-date-help = write a date: `2026-01-01`
E0201-bound-int-help = write an integer: `1`
E0201-bound-number-help = write a number: `0.5`
E0201-chosen = the chosen objectives are a list of codes, not `{ $found }`
    .label = not a list of codes
E0201-chosen-help = for example `chosen_objectives union(dossier.parcours.mandatory, dossier.a_la_carte)`
E0201-reference = the reference date must be an instant or a date, not `{ $found }`
    .label = not a date
E0201-reference-help = name the input that dates the dossier, such as `reference dossier.submitted_at`
E0201-table-key = key of type `{ $found }` in a table keyed by `{ $expected }`
    .label = another kind of key
E0201-table-cell = `{ $column }` holds `{ $expected }` values, this cell is `{ $found }`
    .label = another type
E0201-range-cell = a range is only allowed in the key column
    .label = range as a value
E0201-code-argument = `{ $name }` takes a rule or objective code, found `{ $found }`
    .label = not a code
E0201-objective-not-rule = `{ $code }` is an objective: use `achieved({ $code })`
    .label = not a rule
E0201-not-achievable = objective `{ $code }` has no `achieved when` condition
    .label = cannot be decided
E0201-not-achievable-help = give the objective an `achieved when …` condition to use it here
E0201-rule-not-objective = `{ $code }` is a rule: use `passed({ $code })`
    .label = not an objective
E0201-keys-not-table = `keys` takes a table, and `{ $name }` is not one
    .label = not a table
E0201-keys-table-name = `keys` takes the name of a table
    .label = not a table name
E0201-keys-ranges = table `{ $name }` is keyed by ranges: its keys cannot be listed
    .label = ranges
E0201-builtin-argument = `{ $name }` expects { $what }, found `{ $found }`
    .label = not { $what }
E0201-argument-absent-help = this value may be absent: give a default with `otherwise`
E0201-lookup-key = table `{ $name }` is keyed by `{ $expected }`, this key is `{ $found }`
    .label = wrong key type
E0201-function-argument = argument `{ $param }` of `{ $name }` is `{ $expected }`, found `{ $found }`
    .label = wrong type
E0202-arity = `{ $name }` takes { $expected } { $expected ->
        [1] argument
       *[other] arguments
    }, { $given } given
    .label = wrong number of arguments
E0202-builtin-arity = `{ $name }` takes { $expected }, { $given } given
    .label = wrong number of arguments
E0202-signature-help = { $signature }
E0204-over = `{ $op }` goes over a list, not a `{ $found }`
    .label = not a list
E0204-for-each = `for each` goes over a list, not a `{ $found }`
    .label = not a list
E0204-scope = the scope of an objective is a list, not a `{ $found }`
    .label = not a list
E0205-condition = `{ $op }` takes a condition: `all(x in xs: condition)`
    .label = wrong form
E0205-count = `{ $op }` counts the items that pass `where`: `count(x in xs where condition)`
    .label = wrong form
E0205-not-by = `{ $op }` takes `: expression`, not `by`
    .label = wrong form
E0205-list-by = `{ $op }` takes `: expression`; to sort, use `sort(x in xs by key)`
    .label = wrong form
E0205-sort = `{ $op }` takes a key: `sort(x in xs by x.date)`
    .label = wrong form

# What a built-in expects (arguments `what` and `expected` of E0201 and E0202)
phrase-a-list = a list
phrase-a-list-of-dates = a list of dates
phrase-a-list-of-lists = a list of lists
phrase-a-list-of-numbers = a list of numbers or money
phrase-a-list-of-comparable-values = a list of comparable values, or two values or more
phrase-a-list-or-values = a list, or two values or more
phrase-a-number = a number or money
phrase-an-instant = an instant
phrase-a-date = a date
phrase-comparable-values = comparable values
phrase-a-number-of-decimals = a whole number of decimals
phrase-a-number-of-items = a whole number of items
phrase-a-position = a whole number (1 for the first item, -1 for the last)
phrase-a-type-like-the-others = a `{ $type }` like the others
phrase-a-list-of-type = a list of `{ $type }`
phrase-1-argument = 1 argument
phrase-1-or-2-arguments = 1 or 2 arguments
phrase-1-argument-list = 1 argument (a list)
phrase-1-argument-dates = 1 argument (a list of dates)
phrase-1-argument-lists = 1 argument (a list of lists)
phrase-1-argument-instant = 1 argument (an instant)
phrase-2-arguments-list-position = 2 arguments (a list and a position)
phrase-2-arguments-value-decimals = 2 arguments (a value and a number of decimals)
phrase-2-arguments-dates = 2 arguments (two dates)
phrase-2-arguments-lists = 2 arguments (two lists)

# Policy structure
E0301-cannot-be-met = `{ $bound } { $count }` of { $available } { $available ->
        [1] objective
       *[other] objectives
    } cannot be met
    .label = only { $available } to choose from
E0301-cannot-be-met-help = track `{ $track }` offers { $available } { $available ->
        [1] objective
       *[other] objectives
    } in this section
E0301-contradictory = at most { $most } but at least { $least }: no choice can meet both
    .label = contradictory bounds
E0302-empty-range = range `{ $range }` is empty
    .label = ends before it starts
E0302-open-overlap = ranges `{ $first }` and `{ $second }` overlap
    .label = already covered
    .also = this open range covers it
E0302-open-overlap-help = an open range (`13..`) must be the last one
E0302-overlap = ranges `{ $first }` and `{ $second }` overlap
    .label = overlaps the row above
    .also = this range
E0302-overlap-help = each value must fall in exactly one row
E0303-gap = no row covers `{ $gap }`
    .label = gap before this row: `{ $gap }` has no row
E0302-overlap-rows = ranges `{ $first }` and `{ $second }` overlap in the rows of `{ $rows }`
    .label = overlaps the row above
    .also = this range
E0302-open-overlap-rows = ranges `{ $first }` and `{ $second }` overlap in the rows of `{ $rows }`
    .label = already covered
    .also = this open range covers it
E0303-gap-rows = no row of `{ $rows }` covers `{ $gap }`
    .label = gap before this row: `{ $gap }` has no row
E0303-gap-help = each value must fall in exactly one row: extend a range or add a row
E0304-in-force = the period in force ends (`{ $until }`) before it starts (`{ $from }`)
    .label = ends before it starts
    .also = starts here
E0304-in-force-help = swap the two dates, or remove `until` to stay in force until the next version
E0304-empty-window = no value of `{ $subject }` can fall in this window
    .label = starts here
    .also = ends here
E0304-empty-window-help = the lower bound is not before the upper bound: swap the dates or the comparisons
E0305-add-objective-help = to add an objective, declare it inside `amend track NAME {"{"} … {"}"}`
E0305-add-rule-help = to add a rule, declare it as usual in the new version
E0305-add-track-help = to add a track, declare it as usual in the new version
E0305-remove-help = only what the amended version declares can be removed
E0305-replace-new-help = `replace` changes a declaration of the amended version; declare new ones as usual
E0305-replace-help = `replace` changes a declaration of the amended version
E0306-no-version = policy `{ $id }` has no version
    .label = no `version` in this header
E0306-no-version-help = give the date the version comes into force: `version 2026-03-31`
E0306-unknown-zone = unknown time zone `{ $value }`
    .label = not an IANA time zone
E0306-no-timezone-help = dates and deadlines are read in the policy's time zone: `timezone "Europe/Paris"`
E0306-no-input = the version declares no input
    .label = this version reads no data
E0306-no-input-help = declare the data the policy reads: `input dossier: Candidature`
E0306-requires-nothing = { $what } `{ $name }` requires nothing
    .label = no `require`
E0306-requires-nothing-help = say what must hold: `require condition`
E0307-columns = table `{ $name }` needs a key column and at least one value column
    .label = header row
E0307-columns-help = write the header as `| key | value |`
E0307-cells = this row has { $cells } { $cells ->
        [1] cell
       *[other] cells
    }, the header has { $columns }
    .label = wrong number of cells
E0307-cells-help = columns: { $names }
E0308-duplicate = this key is already in the table
    .label = duplicate key
    .also = first row with this key
E0309-cycle = version `{ $version }` amends itself through a cycle (by way of `{ $amends }`)
    .label = this `amends` leads back to this version
E0309-cycle-help = a version amends an earlier version; the first version amends nothing
E0309-not-found = amended version `{ $amends }` not found
    .label = no version of this policy has this date
E0309-no-other-version-help = no other version is in this folder
E0309-versions-help = versions in this folder: { $versions }
E0310-two-policies = policy `{ $id }` shares its folder with policy `{ $other }`
    .label = another policy id
    .also = this folder's other version
E0310-two-policies-help = a folder holds the versions of one policy: give them the same id
E0310-same-date = two versions dated `{ $date }`
    .label = same date
    .also = as this version
E0310-same-date-help = each version of a policy has its own date
E0311-duplicate-key = track key `{ $key }` is used twice
    .label = same key as another track
    .also = first used here
E0311-no-key = track `{ $name }` has no key
    .label = no `key`
E0311-no-key-help = the key is how the data names this track: `key 1`
E0312-not-earlier = version `{ $version }` amends a version that is not earlier (`{ $amends }`)
    .label = not an earlier version
E0312-not-earlier-help = a version amends the version in force before it
E0313-outside = cannot include `{ $path }`
    .label = outside the policy folder
    .help = an included file is in the folder of the policy that includes it (or below it), named by a relative path: copy the module into the folder
E0313-not-found = cannot include `{ $path }`
    .label = no file `{ $path }` beside this one
    .help = the path is relative to the folder of the including file
E0313-unreadable = cannot include `{ $path }`
    .label = cannot be read
    .help = { $detail }
E0313-cycle = `{ $path }` is included in a cycle
    .label = this include leads back to a file that includes it
E0313-cycle-help = a module is included once, by a version or by another module
E0313-too-deep = cannot include `{ $path }`
    .label = includes nested more than { $max } deep
E0313-too-deep-help = include the modules from the version itself, or from fewer levels of modules
E0314-policy-in-module = an included file cannot declare a policy
    .label = policy header in an included module
E0314-policy-in-module-help = a policy header starts a version; included modules hold declarations only
E0315-unknown-lint = unknown lint `{ $name }`
    .label = no warning has this name
E0315-lints-help = lints: { $lints }
E0315-no-reason = an `@allow` needs its reason
    .label = empty reason
E0315-no-reason-help = say why the warning does not apply, for the next reader
E0316-default = the default of `{ $field }` is { $side ->
        [below] below the minimum
       *[above] above the maximum
    } { $bound }
    .label = outside the field's bounds
E0316-default-help = the default stands for data the platform did not send: it must be a value the data could have
E0316-two-bounds = `{ $field }` has two `{ $bound }` bounds
    .label = a second bound of the same kind
E0316-two-bounds-help = keep one: the data must lie between one minimum and one maximum
E0316-empty = no value of `{ $field }` is at least { $min } and at most { $max }
    .label = the maximum is below the minimum
E0316-empty-help = swap the two bounds
E0316-unordered = `{ $field }` of type `{ $type }` cannot have bounds
    .label = a bound on a value that has no order
E0316-unordered-help = bounds apply to fields of type int, decimal, share, money and date

# Warnings
W0003-unused = `@allow({ $lint })` silences nothing here
    .label = no such warning on this declaration
W0003-unused-help = remove the annotation: the warning it was written for no longer applies
W0004-never-binds = this cap never binds: the amount never exceeds it
    .label = the first argument is never above the second
W0004-never-binds-help = the largest amount is at most the cap; a cap that never applies usually means a table or the cap is wrong
W0004-never-binds-cases-help = for every value of { $params }, the largest amount is at most the cap; a cap that never applies usually means a table or the cap is wrong
W0005-invisible = an invisible or bidi control character (U+{ $char }) in a { $what }
    .label = invisible here
W0005-invisible-help = delete it: it can hide or reorder what a reader of the policy sees

# Helps shared by several codes
help-zone-spelling = write it `{ $zone }`, as the IANA database spells it
help-zone-closest = did you mean `{ $zone }`? the zone must be a place of the IANA database, so that no machine's own setting decides a date
help-zone-iana = use an IANA name such as `Europe/Paris`: the zone must be a place of the IANA database, so that no machine's own setting decides a date
help-amending = found while checking version `{ $version }`, which amends this one

## Data errors: the message of each problem (care-eval's decoders), word for word
data-location = (line { $line }, column { $column })
data-expected = expected { $expected }, found { $found }
data-missing-field = missing required field, expected { $expected }
data-int-range = int out of range, found { $found }
data-share-range = share must be from 0 to 1, found { $found }
data-money-decimals = money has at most two decimals, found { $found }
data-below-min = must be at least { $bound }, found { $found }
data-above-max = must be at most { $bound }, found { $found }
data-negative-money = money cannot be negative (the policy declares no lower bound for it), found { $found }
data-given-twice = field `{ $name }` is given twice
data-unknown-field-ignored = unknown field `{ $name }` is ignored
data-more-errors = { $count } more errors not shown
data-more-warnings = { $count } more warnings not shown
data-invalid-json = invalid json: { $detail }
data-invalid-yaml = invalid yaml: { $detail }
data-invalid-utf8 = invalid utf-8
data-yaml-several = expected one yaml document, found several
data-yaml-alias = alias to an unknown anchor
data-yaml-nesting = nesting deeper than 128 levels
data-yaml-unbalanced = unbalanced yaml events
data-aliases = aliases expand to too many values
data-complex-key = expected a field name, found a complex mapping key
data-schema-problem = { $detail }
phrase-data-array = an array
phrase-data-object = an object
data-type-bool = bool (`true` or `false`)
data-type-int = int (an integer)
data-type-decimal = decimal (a string such as `"0.66"`)
data-type-share = share (a string from `"0"` to `"1"` such as `"0.66"`)
data-type-money = money (a string with at most two decimals such as `"12000.00"`)
data-type-date = date (a string `YYYY-MM-DD`)
data-type-instant = instant (an RFC 3339 string with an offset such as `"2026-05-20T10:15:00+02:00"`)
data-type-duration = duration (a string such as `"60 days"`)
data-type-text = text (a string)
data-type-code = code (a string)
data-type-none = nothing (none is declared)
data-type-enum = an enum variant
data-type-one-of = one of { $names }
data-type-object = { $name } (an object)
data-type-list = list of { $type } (an array)
data-bounds-from = from { $min } to { $max }
data-bounds-min = at least { $min }
data-bounds-max = at most { $max }

# Tables keyed by decimal ranges and by two columns
E0307-key-columns = table `{ $name }` has { $keys } key columns, at most two are allowed
    .label = header row
E0307-no-value-column = table `{ $name }` has no value column after its key columns
    .label = header row
E0307-two-keys-help = write the header as `| key | value |`, or `| key1 | key2 || value |` for two keys
E0201-column-key = key of type `{ $found }` in a column keyed by `{ $expected }`
    .label = another kind of key
E0201-range-bound = a range is over numbers or money, this bound is `{ $found }`
    .label = not a number
E0201-range-bounds = the bounds of this range are `{ $first }` and `{ $second }`
    .label = another type
E0302-empty-bounds = this range is empty
    .label = no value is in it
E0302-empty-bounds-help = the lower bound must be below the upper one, as in `66 % <= part < 90 %`
E0302-bounds-overlap-help = each value must fall in exactly one row: end a range where the next starts, one of the two bounds with `=`
E0303-bounds-gap-help = each value must fall in exactly one row: start this range where the one above ends
E0317-wrong-name = this range is written on `{ $name }`, its column is `{ $column }`
    .label = another name
E0317-wrong-name-help = name the column in its ranges: `{ $column } < …`
E0318-uncovered-below = no row covers `{ $values }`
    .label = the lowest range has a lower bound
E0318-uncovered-above = no row covers `{ $values }`
    .label = the highest range has an upper bound
E0318-open-below-help = open the first range below: `{ $column } < …`
E0318-open-above-help = open the last range above: `{ $column } >= …`
E0102-record-type-field = field `{ $name }` is written twice in this record type
    .label = written again here
E0201-column-lookup = column `{ $column }` of table `{ $table }` is keyed by `{ $expected }`, this key is `{ $found }`
    .label = wrong key type

# The header's identifier, decision and reference
E0319-identifier-type = the identifier of a dossier must be a text, not `{ $found }`
    .label = not a text
E0319-identifier-type-help = name the text field that identifies a dossier, such as `identifier dossier.id`
E0319-identifier-field = the identifier of a dossier must be a field of the input
    .label = not a field of the input
E0319-identifier-field-help = it is read before the dossier is decoded, so that a refused dossier is named too: name a field of the input, such as `identifier dossier.id`
E0319-decision-type = the decision must be a bool output, not `{ $found }`
    .label = not a bool
E0319-decision-type-help = name the output that says whether a dossier is accepted, such as `decision eligible`
E0319-decision-output = the decision must be an output of the policy
    .label = not an output
E0319-decision-output-help = name the bool output that says whether a dossier is accepted, such as `decision eligible`
E0320-not-a-field = the reference date must be a field of the input
    .label = not a field of the input
E0320-not-a-field-help = the version that judges a dossier is chosen before its data is read: name a field of the input, such as `reference dossier.submitted_at`, and compute other dates in rules

## The command line's own lines (care-cli): the words around its errors, its summaries, the
## errors it finds itself. Where an argument is a path or what the user typed, it is in
## backticks. English says what the command always said, word for word.
cli-error = error: { $message }
cli-warning = warning: { $message }
cli-note = note: { $message }
cli-help = help: { $message }
cli-internal = internal: the policy checks but { $reason }
cli-internal-help = please report this with the policy
# Paths and files
cli-no-such-path = `{ $path }` does not exist
cli-not-a-care-file = `{ $path }` is not a `.care` file: give policy files or the folders that hold them
cli-no-care-file = no `.care` file in the folder `{ $path }`
cli-stdin-filename-alone = `--stdin-filename` names the file read from standard input: give `-` among the paths
cli-stdin-once = `-` (standard input) can be given once
cli-cannot-read = cannot read { $what }
cli-cannot-read-stdin = cannot read standard input: { $reason }
cli-cannot-read-policy = cannot read the policy `{ $path }`: { $reason }
cli-cannot-read-dossier = cannot read the dossier `{ $path }`: { $reason }
cli-cannot-read-dossiers = cannot read the dossiers `{ $path }`: { $reason }
cli-cannot-read-folder = cannot read the folder `{ $path }`: { $reason }
cli-cannot-write = cannot write `{ $path }`: { $reason }
cli-cannot-write-output = cannot write the output: { $reason }
cli-cannot-write-results = cannot write the results: { $reason }
cli-cannot-write-coverage = cannot write the coverage report `{ $path }`: { $reason }
cli-cannot-write-mutation = cannot write the mutation report `{ $path }`: { $reason }
cli-cannot-render = cannot render the output: { $reason }
cli-in-folder = { $message } (in `{ $path }`)
cli-not-a-date = `{ $value }` is not a date (`YYYY-MM-DD`)
# The reasons of the system's input/output errors, said in French; English prints the system's
# own text.
cli-io-path = `{ $path }`: { $reason }
cli-io-not-found = no such file or folder
cli-io-permission-denied = permission denied
cli-io-is-a-directory = this is a folder
cli-io-not-a-directory = not a folder
cli-io-already-exists = something already stands there
cli-io-storage-full = the disk is full
cli-io-read-only = the file system is read-only
# Policies
cli-no-version = no policy version in `{ $path }`
cli-policy-does-not-check = the policy `{ $path }` does not check: run `care check { $path }`
# care check
cli-check-silenced = ({ $count } silenced)
# care fmt
cli-fmt-stdin-alone = `-` (standard input) is formatted alone
cli-fmt-would-reformat = { $changed } of { $files } { $files ->
        [one] file
       *[other] files
    } would be reformatted
cli-fmt-reformatted = { $changed } of { $files } { $files ->
        [one] file
       *[other] files
    } reformatted
cli-fmt-not-formatted = , { $count } not formatted because of syntax errors
cli-fmt-not-utf8 = error[E0003]: `{ $path }` is not UTF-8 text (line { $line }, column { $column }): not formatted
# care eval
cli-eval-no-dossier = give a dossier with `--dossier FILE`, or a batch with `--dossiers DIR_OR_JSONL`
cli-eval-batch-format = `--format jsonl`, `csv` and `csv-fr` are for a batch (`--dossiers`); one dossier is written as `json`, `human`, `markdown` or `html`
cli-eval-jobs = `--jobs` sets the threads of a batch (`--dossiers`); one dossier is evaluated on one
cli-eval-explain = one dossier is always explained; `--explain` adds explanations to a batch's lines
cli-eval-audience = `--audience` chooses the reader of one dossier's report (`--dossier`); a batch writes results for machines
cli-eval-batch-formats = a batch is written as `--format jsonl` (the default), `--format csv` or `--format csv-fr`
cli-eval-invalid-data = invalid data in `{ $path }`
cli-eval-no-version = cannot choose a version in `{ $path }`
cli-eval-failed = evaluation failed in `{ $path }`
# The summary of a batch (`care eval --dossiers`): English names the outputs by their
# identifiers, French by their labels
cli-batch-counted = counted: { $counted } dossiers ({ $evaluated } evaluated, { $errors } with errors)
cli-batch-count = { $name }: { $count }
cli-batch-sum = { $name } (sum): { $amount }
cli-batch-sum-overflow = { $name } (sum): overflow
cli-batch-errors = errors: { $errors }
cli-batch-no-errors = errors: none
cli-batch-error-count = { $kind } { $count }
cli-batch-kind-invalid_data = invalid_data
cli-batch-kind-no_version = no_version
cli-batch-kind-evaluation_error = evaluation_error
cli-batch-kind-unreadable = unreadable
cli-batch-warnings = warnings: { $count } dossiers
cli-batch-stopped-reading = cannot read the dossiers: { $reason } (`{ $path }`)
# Why no version could be chosen for a dossier
cli-select-no-reference = the policy declares no reference date: name a version with `--version`
cli-select-missing-reference = `{ $field }`: missing, and it decides which version of the policy applies
cli-select-bad-reference = `{ $field }`: expected an instant with an offset or a date, found `{ $found }`
cli-select-no-version-first = no version of the policy is in force on { $date } (the first is in force from { $first })
cli-select-no-version = no version of the policy is in force on { $date }
cli-select-unknown-version = no version `{ $asked }`; versions: { $versions }
# care test
cli-test-summary = { $passed } passed, { $failed } failed
cli-test-fail = FAIL { $file }
cli-test-error = ERROR { $file }
cli-test-version = (version { $version })
cli-test-cannot-read-fixtures = cannot read the fixtures `{ $path }`: { $reason }
cli-test-not-a-dossier = `{ $path }` is not a dossier (`.json`, `.yaml`, `.yml`) nor a folder of fixtures
cli-test-no-match = no fixture dossier matches `{ $pattern }`
cli-test-no-fixture = no fixture dossier in { $folders }
cli-test-cannot-write-junit = cannot write the JUnit report `{ $path }`: { $reason }
cli-test-updated = updated { $file }
# care test: what a fixture's comparison found
cli-test-refused = the dossier was refused (`{ $kind }`), outputs were expected
cli-test-other-error = error: expected `{ $want }`, got `{ $kind }`
cli-test-path-missing = paths: expected an error at `{ $path }`, got none
cli-test-errors-were = the errors were:
cli-test-evaluated = error: expected `{ $want }`, but the dossier was evaluated ({ $outputs })
cli-test-judged-by = version: expected the dossier to be judged by version { $want }, it was by version { $got }
cli-test-no-output-closest = { $name }: no such output in version { $version } (did you mean `{ $closest }`? outputs: { $outputs })
cli-test-no-output = { $name }: no such output in version { $version } (outputs: { $outputs })
cli-test-output = { $name }: expected { $want }, got { $got }
cli-test-output-money = { $name }: expected { $want }, got { $got } (money is written with exactly two decimals)
cli-test-rule-missing = failed rules: missing `{ $code }`{ $label }
cli-test-rule-unknown = failed rules: `{ $code }` is not a rule of version { $version }
cli-test-rule-unexpected = failed rules: unexpected `{ $code }`{ $label }
cli-test-not-updated = not updated { $file }: { $reason }
cli-test-rewritten = { $count } expected { $count ->
        [one] file
       *[other] files
    } rewritten: review them (`git diff`) before committing
# care test --coverage, --mutate
cli-coverage-rules-below = rules covered { $percent } ({ $covered }/{ $total }), below the minimum of { $min }%
cli-coverage-rows-below = table rows covered { $percent } ({ $covered }/{ $total }), below the minimum of { $min }%
cli-mutate-failing = every fixture must pass before mutants are run: fix the failures above
cli-mutate-time = mutation run: { $seconds } s
cli-mutants-survive = { $count } mutants survive: add fixtures that tell them apart, or explain each in `{ $file }`
cli-mutants-stale = stale lines in mutants-accepted.txt
# care init
cli-init-bad-id = `{ $id }` cannot be a policy id
cli-init-bad-id-help = an id is a letter, then letters, digits, `_` or `-`: give one with `--id`
cli-init-no-id = give the policy's id with `--id`
cli-init-not-empty = `{ $path }` is not empty: `care init` writes into a new folder only
cli-init-bad-title = the title cannot hold `"` or `\`
cli-init-created = created `{ $path }`: { $files }
cli-init-next = next: `care check { $path }` and `care test --policy { $path }`, then docs/tutorial.md
# care sample, diff, simulate, lsp
cli-sample-no-base = no fixture dossier of `{ $path }` is judged by version { $version }
cli-sample-no-base-help = add fixtures in `tests/`, or sample with `--from schema`
cli-diff-usage = give a policy folder with `--policy DIR` (and `--from`, `--to`), or two folders
cli-simulate-summary = { $dossiers } dossiers, { $changed } with a change ({ $changes } changes)
cli-lsp-cannot-start = cannot start the language server: { $reason }

## The editors (care-analysis, care-lsp): the words of hovers, quick fixes and completion
## details around what the policy says
lsp-kind-policy = policy
lsp-kind-document = document
lsp-kind-enum = enum
lsp-kind-variant = variant
lsp-kind-record = record
lsp-kind-field = field
lsp-kind-input = input
lsp-kind-track = track
lsp-kind-theme = theme
lsp-kind-objective = objective
lsp-kind-rule = rule
lsp-kind-prerequisite = prerequisite
lsp-kind-table = table
lsp-kind-column = column
lsp-kind-function = function
lsp-kind-parameter = parameter
lsp-kind-value = value
lsp-kind-output = output
lsp-kind-let = let
lsp-kind-built-in = built-in
lsp-hover-mandatory = mandatory
lsp-hover-a-la-carte = a la carte
lsp-hover-theme = theme: { $theme }
lsp-hover-scope = scope: { $scope }
lsp-hover-scope-candidate = the candidate
lsp-hover-scope-each = each `{ $binder }` of `{ $list }`
lsp-hover-evidence = evidence: { $evidence }
lsp-hover-achieved = achieved if: `{ $expr }`
lsp-hover-fix = Fix: { $fix }
lsp-hover-key = key: { $key }
lsp-hover-section-objectives = { $count } { $section ->
        [mandatory] mandatory
       *[other] a la carte
    } { $count ->
        [one] objective
       *[other] objectives
    }
lsp-hover-constant = { $value } (does not depend on the dossier)
lsp-hover-amends = amends version { $version }
lsp-hover-colon = :
lsp-hover-sources = Sources:
lsp-hover-of-table = of table `{ $table }`
lsp-hover-example = Example: { $example }
lsp-hover-error = error
# The groups of the built-ins' reference (docs/language.md)
lsp-builtin-group-aggregates-of-a-list = Aggregates of a list
lsp-builtin-group-dates = Dates
lsp-builtin-group-lists = Lists
lsp-builtin-group-numbers = Numbers
lsp-builtin-group-optional-values = Optional values
lsp-builtin-group-rules-and-objectives = Rules and objectives
lsp-builtin-group-two-values-or-more = Two values or more
# What each built-in gives: the reference (docs/language.md §11) word for word
lsp-builtin-count-xs = `int`: the number of items
lsp-builtin-sum-xs = of a list of `N`: `int`, `decimal` or `money`; 0 for an empty list
lsp-builtin-mean-xs = `decimal?` (`money?` for money): the mean, absent for an empty list
lsp-builtin-min-xs-max-xs = `T?` of a list of an ordered type (numbers, money, dates, instants, texts, codes)
lsp-builtin-min-a-b-max-a-b = the smallest / largest, of one ordered type (numbers mix)
lsp-builtin-round-x-n = `x` (a number or money) rounded to `n` decimals (`n` an `int`), half away from zero; same type as `x` (`share` gives `decimal`; an `int` is unchanged)
lsp-builtin-round-half-even-x-n = half to even (banker's rounding)
lsp-builtin-round-down-x-n = toward zero
lsp-builtin-round-up-x-n = away from zero
lsp-builtin-abs-x = the absolute value of an `int`, `decimal`, `share` or `money`
lsp-builtin-date-i = `date`: the day of instant `i` in the policy's time zone (a `date` is returned as is)
lsp-builtin-days-between-a-b = `int`: whole days from date `a` to date `b`, negative if `b` is before `a`
lsp-builtin-gaps-dates = `list of int`: the days between consecutive items of a list of dates, in list order (sort first)
lsp-builtin-first-xs-last-xs = `T?`: the first / last item, absent for an empty list
lsp-builtin-first-xs-n-last-xs-n = `list of T`: the first / last `n` items (fewer if the list is shorter)
lsp-builtin-item-xs-n = `T?`: the n-th item, counting from 1; from the end when n is negative (`-1` the last, `-3` the antepenultimate); absent out of range
lsp-builtin-flatten-xss = `list of T`: the items of a list of lists, in order
lsp-builtin-pairs-xs = `list of {"{"}previous: T, next: T{"}"}`: each item with the one after it
lsp-builtin-distinct-xs = `list of T`: without duplicates, first occurrences kept
lsp-builtin-all-distinct-xs = `bool`: no item appears twice
lsp-builtin-union-a-b = `list of T`: the items of `a` then those of `b`, without duplicates
lsp-builtin-intersection-a-b = `list of T`: the items of `a` that are in `b`, order of `a`, without duplicates
lsp-builtin-difference-a-b = `list of T`: the items of `a` that are not in `b`, order of `a`, without duplicates
lsp-builtin-subset-a-b = `bool`: every item of `a` is in `b`
lsp-builtin-all-or-none-group-chosen = `bool`: `chosen` contains none or all of `group`
lsp-builtin-present-x = `bool`: `x` is there
lsp-builtin-passed-code = `bool`: the rule or prerequisite passed or was not applicable (E0201 on an objective)
lsp-builtin-all-rules-passed = `bool`: every rule and prerequisite of the version passed or was not applicable
lsp-builtin-achieved-code = `bool`: the objective's `achieved when` holds (E0201 on a rule, or on an objective without `achieved when`)
lsp-builtin-passed-x-achieved-x-with-x-a-code-computed-at-evaluation = `bool`, as above; a code that names no rule (objective), or an objective without `achieved when`, is an evaluation error
lsp-builtin-keys-table = `list of K`: the keys of a table's rows, in order (not for a table keyed by ranges)
# Quick fixes
lsp-action-replace = replace with `{ $name }`
lsp-action-add-source = add a `source` line
lsp-action-allow = allow `{ $lint }` here (say why)

# Evaluation errors (a policy is total: these are the only ways an evaluation stops)
eval-error = evaluation error:
eval-help = help:
eval-overflow = arithmetic overflow
    .help = the numbers involved are too large for exact decimals
eval-cannot-apply = `{ $op }` cannot apply to these values
eval-division-by-zero = division by zero
    .help = guard the division with `if … then … else …`
eval-internal = internal error: the checked policy and the evaluator disagree
    .help = please report this with the policy and the dossier
eval-too-many-steps = evaluation stopped after { $steps } steps
    .help = a dossier may take at most { $steps } steps (items of loops and ranges, calls of functions): a loop nested in a loop over the dossier's numbers, such as `sum(i in 1..n: sum(j in 1..n: …))`, may take more; see the limits of care (docs/limits.md)
eval-no-row = no row of table `{ $table }` for the key `{ $key }`
    .help = add a row for this key, or an open range such as `13..`
eval-range-too-long = the range `{ $start }..{ $end }` is too long
    .help = a range may have at most { $limit } items here; see the limits of care (docs/limits.md)
