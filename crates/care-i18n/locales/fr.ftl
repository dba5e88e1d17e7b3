# Le catalogue des messages de care, en français : une entrée par code de diagnostic, par message
# précis (`CODE-quoi`) et par erreur de données, comme en.ftl, avec les mêmes arguments.

## Syntaxe
E0001 = erreur de syntaxe
E0001-unexpected = `{ $found }` inattendu
    .label = attendu : { $expected }
E0001-french-keyword = `{ $found }` inattendu
    .label = attendu : { $expected }
E0002 = valeur littérale invalide
E0003 = un fichier qui n'est pas du texte UTF-8
E0004 = une expression trop profondément imbriquée
E0005 = une liste écrite trop longue
E0006 = un nom qui peut en imiter un autre

## Noms
E0101 = nom inconnu
E0101-unknown-name = nom inconnu : `{ $name }`
    .label = non déclaré
E0101-french-keyword = nom inconnu : `{ $found }`
    .label = non déclaré
E0101-loop-dropped = nom inconnu : `{ $name }`
    .label = non déclaré
    .help = la règle amendée se répète avec `for each { $name } in { $list }` : un amendement qui donne une nouvelle logique la remplace tout entière (`when`, `for each`, `let`, `require`) ; répétez `for each { $name } in { $list }` dans l'amendement
E0101-ambiguous-variant = `{ $name }` est une variante de plusieurs énumérations
    .label = ambigu
E0101-not-a-variant = nom inconnu : `{ $name }`
    .label = ni un parcours ni une variante d'énumération
E0102 = déclaration en double
E0103 = code inconnu
E0103-unknown-code = code inconnu : `{ $code }`
    .label = aucun objectif ni aucune règle n'a ce code
E0104 = code en double
E0105 = document inconnu
E0105-unknown-document = document inconnu : `{ $name }`
    .label = document non déclaré
E0106 = type inconnu
E0106-unknown-type = type inconnu : `{ $name }`
    .label = type inconnu
E0107 = champ ou variante inconnu
E0107-no-field = `{ $record }` n'a pas de champ `{ $field }`
    .label = champ inconnu
E0108 = fonction inconnue
E0109 = une déclaration qui dépend d'elle-même
E0110 = une chaîne de dépendances trop longue

## Types
E0201 = types incompatibles
E0201-operator = `{ $op }` ne s'applique pas à `{ $left }` et `{ $right }`
    .label = `{ $left }` { $op } `{ $right }`
E0201-condition = { $role ->
        [not] l'opérande de `not`
        [if] la condition du `if`
        [where] le filtre `where`
        [achieved] la condition d'atteinte
        [when] `when`
        [require] `require`
       *[other] { $what }
    } doit être une condition (`bool`), pas `{ $found }`
    .label = pas une condition
E0202 = nombre d'arguments incorrect
E0204 = pas une liste
E0205 = forme incorrecte d'une opération sur une liste

## Structure de la politique
E0301 = une sélection impossible à satisfaire
E0302 = intervalles qui se chevauchent
E0303 = trou entre des intervalles
E0304 = fenêtre de dates inversée
E0305 = amendement de ce qui n'existe pas
E0305-missing = { $what ->
        [rule] la règle
        [prerequisite] le prérequis
        [objective] l'objectif
        [table] la table
        [function] la fonction
        [output] la sortie
        [track] le parcours
        [value] la valeur
       *[other] { $what }
    } `{ $name }` n'existe pas dans la version amendée
    .label = rien à amender
E0305-rule-is-objective = { $what ->
        [rule] la règle
       *[other] le prérequis
    } `{ $name }` n'existe pas dans la version amendée
    .label = rien à amender
    .help = `{ $name }` est un objectif, pas une règle (`{ $what }`) : amendez-le avec `amend objective { $name } {"{"} … {"}"}`
E0305-wrong-kind = `{ $name }` est un `{ $found }`, pas un `{ $what }`
    .label = amendé avec le mauvais mot-clé
    .also = déclaré ici
E0306 = politique ou règle incomplète
E0306-no-timezone = la politique `{ $id }` ne déclare pas de fuseau horaire
    .label = pas de `timezone` dans cet en-tête
E0307 = forme d'une ligne de table
E0308 = clé de table en double
E0309 = version amendée introuvable, ou amendements en cercle
E0310 = un dossier avec deux politiques, ou deux versions de même date
E0311 = clé de parcours absente ou en double
E0312 = amende une version qui n'est pas antérieure
E0313 = inclusion introuvable, ou inclusions en cercle
E0314 = en-tête de politique dans un fichier inclus
E0315 = annotation `@allow` incorrecte
E0316 = bornes impossibles sur un champ
E0317 = tranche écrite sur une autre colonne
E0318 = valeurs qu'aucune tranche ne couvre
E0319 = identifiant ou décision qui n'est pas un champ texte ou une sortie booléenne
E0320 = date de référence qui n'est pas un champ de l'entrée

## Avertissements
W0001 = source manquante (missing_source)
W0001-no-source = { $what ->
        [rule] la règle
        [prerequisite] le prérequis
        [objective] l'objectif
        [table] la table
        [function] la fonction
        [output] la sortie
        [track] le parcours
        [value] la valeur
       *[other] { $what }
    } `{ $name }` ne cite aucune source
    .label = pas de `source`
W0001-no-source-help = dites d'où vient la règle, par exemple `source CDC §5.2`, pour que les explications puissent la citer
W0002 = module orphelin (orphan_module)
W0002-orphan = aucune version n'inclut ce fichier
    .label = non vérifié : ni en-tête de politique, ni inclus
W0002-orphan-help = incluez-le depuis une version (`include "fichier.care"`), ou commencez-le par un en-tête `policy`
W0003 = annotation inutile (unused_allow)
W0004 = plafond jamais atteint (cap_never_binds)
W0005 = caractère invisible (invisible_character)

## Aides communes à plusieurs messages
help-did-you-mean = vouliez-vous dire `{ $suggestion }` ?
help-allow = si c'est voulu, écrivez `@allow({ $lint }, "raison")` avant la déclaration
help-docs = voir docs/language.md pour ce que cette déclaration accepte

## Mots du rendu
severity-error = erreur
severity-warning = avertissement
word-help = aide
word-note = note
word-silenced = silencié
summary = { $files } { $files ->
        [one] fichier vérifié
       *[other] fichiers vérifiés
    } : { $errors } { $errors ->
        [one] erreur
       *[other] erreurs
    }, { $warnings } { $warnings ->
        [one] avertissement
       *[other] avertissements
    }

## Erreurs de données (care eval, care test) : les sortes de problèmes d'un dossier
data-syntax = le fichier n'est pas du JSON ou du YAML valide
data-wrong_type = une valeur du mauvais type
data-invalid_value = une valeur qui n'est pas acceptable
data-missing = un champ obligatoire manque
data-duplicate = un champ donné deux fois
data-unknown_field = un champ inconnu (ignoré)
data-too_many = trop de problèmes : la liste est tronquée
data-schema = l'entrée de la politique ne permet pas de lire des données

## Les messages précis de chaque site, par code (comme en.ftl, entrée pour entrée)

# Syntaxe
E0001-unexpected-here = `{ $found }` inattendu
    .label = incompris ici
E0001-end-of-file = fin de fichier inattendue
    .label = incompris ici
E0001-end-of-file-expected = fin de fichier inattendue
    .label = attendu : { $expected }
E0001-french-keyword-here = `{ $found }` inattendu
    .label = incompris ici
E0001-not-closed = cette déclaration n'est pas fermée avant que la suivante commence
    .label = manque ici
E0001-not-closed-expected = cette déclaration n'est pas fermée avant que la suivante commence
    .label = attendu : { $expected }
E0001-trailing = texte inattendu après l'expression
E0001-chained = les comparaisons ne s'enchaînent pas
    .label = pas permis ici
    .help = comparez deux valeurs à la fois, reliées par `and` : `a < b and b < c`
E0001-french-keyword-help = `{ $word }` est un mot français : les mots-clés de care sont anglais : `{ $english }` (`si … alors … sinon` s'écrit `if … then … else`, `et` s'écrit `and`, `ou` s'écrit `or`, `non` s'écrit `not`)
E0001-not-closed-help = il manque probablement une accolade fermante `{"}"}` (ou une valeur) à la fin de cette déclaration
E0001-end-of-file-help = le fichier s'arrête au milieu d'une déclaration : manque-t-il une accolade fermante `{"}"}` ou une valeur ?
E0001-paren-after-let-help = une ligne qui commence par `(` ouvre une nouvelle étape : le `let` du dessus s'arrête avec sa ligne. Pour continuer le `let`, terminez sa ligne par un opérateur ; dans une règle, dites à quoi sert la condition : `require (…)`
E0001-declaration-help = chaque déclaration commence par un mot-clé comme `rule`, `track`, `table` ou `output` ; voir docs/language.md
E0002-date = `{ $value }` n'est pas une date
    .label = valeur invalide
    .help = une date s'écrit AAAA-MM-JJ, avec un mois de 01 à 12 et un jour qui existe dans ce mois
E0002-sign = `-{ $value }` n'a pas de sens
    .label = valeur invalide
    .help = seuls les nombres, les montants et les pourcentages ont un signe
E0002-duration = `{ $value }` n'est pas un nombre entier { $unit ->
        [days] de jours
        [weeks] de semaines
        [months] de mois
       *[years] d'années
    }
    .label = valeur invalide
    .help = une durée compte des jours, des semaines, des mois ou des années entiers
E0002-decimal = `{ $value }` est trop grand ou trop précis pour un décimal
    .label = valeur invalide
    .help = un décimal a au plus 28 chiffres significatifs
E0002-int = `{ $value }` est trop grand pour un entier
    .label = valeur invalide
    .help = les entiers vont jusqu'à 9223372036854775807
E0002-percent = ce pourcentage ne peut pas être représenté
    .label = hors limites
E0002-instant = `{ $value }` n'est pas un instant valide
    .label = instant invalide
E0002-instant-zone = `{ $value }` nomme un fuseau horaire inconnu
    .label = pas un fuseau horaire IANA
E0002-instant-gap = `{ $value }` n'a jamais existé dans le fuseau `{ $zone }`
    .label = sauté quand on a avancé l'heure
E0002-instant-fold = `{ $value }` a existé deux fois dans le fuseau `{ $zone }`
    .label = répété quand on a reculé l'heure
E0002-instant-help = écrivez un instant avec un décalage (`2026-06-04T16:00:00+02:00`) ou un fuseau horaire (`2026-06-04T16:00[Europe/Paris]`) ; les décalages vont jusqu'à ±23:59 et les secondes jusqu'à 59
E0002-instant-gap-help = écrivez le décalage voulu : `{ $before }` (avant le changement d'heure) ou `{ $after }` (après)
E0002-instant-fold-help = écrivez le décalage voulu : `{ $before }` (la première fois) ou `{ $after }` (la seconde fois)
E0003-not-utf8 = ce fichier n'est pas du texte UTF-8
    .label = pas de l'UTF-8
E0003-not-utf8-help = enregistrez le fichier en UTF-8 (l'encodage de tout fichier `.care`) ; cet octet est affiché �
E0004-too-deep = cette expression est trop profondément imbriquée
    .label = trop imbriquée
    .help = une expression s'imbrique sur au plus { $depth } niveaux (parenthèses, listes, appels, `if`, et chaque opérateur d'une chaîne) : nommez ses parties avec `let` ou une `value`
E0004-too-deep-help = une expression s'imbrique sur au plus { $depth } niveaux (parenthèses, listes, appels, `if`, et chaque opérateur d'une chaîne) : nommez ses parties avec `let` ou une `value`
E0005-long-list = une liste de { $items } éléments
    .label = trop d'éléments
    .help = une liste écrite dans une politique a au plus { $max } éléments : mettez les longues listes dans une `table`, ou dans le dossier
E0006-combining = le nom `{ $name }` contient un caractère combinant (U+{ $char })
    .label = ressemble à un autre nom
E0006-combining-help = écrivez chaque lettre accentuée en un seul caractère (`é`, et non `e` suivi d'un accent)
E0006-scripts = le nom `{ $name }` mélange des écritures ({ $scripts })
    .label = ressemble à un autre nom
E0006-scripts-help = écrivez un nom dans une seule écriture : un `а` cyrillique ou un `ο` grec ressemblent à des lettres latines

# Ce que l'analyseur attendait, dans l'étiquette de E0001
word-or = ou
expected-declaration = une déclaration (`rule`, `track`, `table`, `output`, …)
expected-end-of-file = la fin du fichier
expected-text = un texte entre guillemets droits
expected-name = un nom
expected-policy-id = un identifiant de politique comme `essms-poc`
expected-code = un code comme `POC.P1.O1.1`
expected-rule-name = un code ou un nom de règle
expected-whole-number = un nombre entier
expected-number = un nombre
expected-date = une date (AAAA-MM-JJ)
expected-instant = un instant (2026-06-04T16:00:00+02:00)
expected-expression = une expression
expected-comparison = une comparaison
expected-operator = un opérateur
expected-type = un type
expected-field = un champ (`nom: type`)
expected-variant = un nom de variante
expected-cell = une valeur de cellule
expected-table-header = la ligne d'en-tête de la table (`| clé | valeur |`)
expected-table-row = une ligne de table
expected-section = une section (§…)
expected-section-kind = `mandatory` ou `a_la_carte`
expected-bound = `at_least`, `at_most` ou `exactly`
expected-rule-kind = `rule` ou `prerequisite`
expected-body = un corps entre accolades
expected-param = un paramètre (`nom: type`)
expected-item-kind = une sorte de déclaration
expected-comprehension = `:` ou `by`
expected-record-entry = une entrée `clé: valeur`

# Noms
E0101-ambiguous-variant-help = écrivez l'une de ces variantes : { $names }
E0101-names-help = les noms sont les liaisons `let`, les paramètres, les valeurs, les sorties, les parcours, l'entrée, ou les variantes d'énumération
E0102-variant = la variante `{ $name }` figure deux fois
    .label = de nouveau ici
    .also = première fois ici
E0102-field = le champ `{ $field }` est déclaré deux fois dans `{ $record }`
    .label = déclaré de nouveau ici
E0102-record-key = la clé `{ $key }` figure deux fois
    .label = clé répétée
E0102-builtin = `{ $name }` est le nom d'une fonction prédéfinie
    .label = { $what ->
        [table] cette table la masquerait
       *[function] cette fonction la masquerait
    }
E0102-builtin-help = donnez-lui un autre nom
E0102-declared-twice = `{ $name }` est déclaré deux fois
    .label = { $what } déclaré de nouveau ici
    .also = première déclaration ici
E0102-declared-twice-help = donnez-lui un autre nom, ou utilisez `replace` dans une version qui en amende une autre
E0102-two-inputs = une version n'a qu'une entrée
    .label = deuxième entrée déclarée ici
    .also = première entrée déclarée ici
E0102-two-inputs-help = déclarez un seul enregistrement qui contient toutes les données que lit la politique
E0104-code-twice = le code `{ $code }` est utilisé deux fois
    .label = déclaré de nouveau ici
    .also = première déclaration ici
E0104-code-twice-help = les codes des objectifs et des règles les désignent dans les résultats : chacun est unique dans une version
E0105-declare-help = déclarez d'abord le document : `document CDC "Cahier des charges …"`
E0105-documents-help = documents déclarés : { $documents }
E0106-types-help = les types sont bool, int, decimal, share, money, date, instant, duration, text, code, track, ou un enregistrement ou une énumération déclarés
E0107-no-variant = `{ $enum }` n'a pas de variante `{ $variant }`
    .label = variante inconnue
E0107-variants-help = variantes : { $variants }
E0107-record-fields-help = champs de `{ $record }` : { $fields }
E0107-no-field-here = pas de champ `{ $field }` ici
    .label = champ inconnu
E0107-fields-help = champs : { $fields }
E0107-no-track-field = un parcours n'a pas de champ `{ $field }`
    .label = champ inconnu
E0107-track-fields-help = champs d'un parcours : `key`, `label`, `mandatory`, `a_la_carte`, `objectives`, `at_least`, `at_most`
E0107-no-fields = un `{ $type }` n'a pas de champs
    .label = `.{ $field }` sur un `{ $type }`
E0108-unknown-function = fonction inconnue : `{ $name }`
    .label = ni une fonction, ni une table, ni une fonction prédéfinie
E0108-builtins-help = voir la liste des fonctions prédéfinies dans docs/language.md
E0108-unknown-operation = opération inconnue : `{ $name }(… in …)`
    .label = pas une opération sur une liste
E0108-operations-help = opérations sur une liste : all, any, none, count, sum, min, max, mean, list, sort
E0109-cycle = { $what ->
        [value] la valeur
        [output] la sortie
        [function] la fonction
        [rule] la règle
       *[objective] l'objectif
    } { $name } dépend d'elle-même
    .label = cet usage ferme le cercle
    .also = utilisé ici
E0109-cycle-help = cercle : { $cycle } ; le langage n'a pas de récursion
E0110-chain-end = `{ $name }` termine une chaîne de plus de { $max } déclarations qui dépendent les unes des autres
    .label = trop loin dans la chaîne
E0110-chain-start = { $what ->
        [value] la valeur
        [output] la sortie
        [function] la fonction
        [rule] la règle
       *[objective] l'objectif
    } { $name } commence une chaîne de { $length } déclarations qui dépendent les unes des autres
    .label = plus de { $max } étapes
E0110-help = une valeur, une sortie, une fonction, une règle ou un objectif peut dépendre d'autres déclarations sur au plus { $max } étapes : calculez les résultats intermédiaires en moins d'étapes (une `sum`, une table)

# Types
E0201-expected = `{ $expected }` attendu, `{ $found }` trouvé
    .label = ceci est un `{ $found }`
E0201-may-be-absent-help = cette valeur peut être absente : donnez une valeur par défaut avec `otherwise`, par exemple `x otherwise { $example }`
E0201-condition-absent-help = cette valeur peut être absente : utilisez `present(x)` ou `x otherwise false`
E0201-negate = impossible de prendre l'opposé d'un `{ $found }`
    .label = pas un nombre
E0201-branches = les branches du `if` diffèrent : `{ $then }` et `{ $else }`
    .label = pas le type de la branche `then`
E0201-list-items = les éléments de la liste diffèrent : `{ $first }` et `{ $other }`
    .label = pas le type des éléments précédents
E0201-range = un intervalle va d'un nombre entier à un autre, pas de `{ $found }`
    .label = pas un int
E0201-table-as-value = on consulte la table `{ $name }` avec une clé : `{ $name }(clé)`
    .label = une table, pas une valeur
E0201-function-as-value = on appelle la fonction `{ $name }` avec ses arguments : `{ $name }(…)`
    .label = une fonction, pas une valeur
E0201-sort-key = impossible de trier par un `{ $found }`
    .label = pas ordonnable
E0201-list-condition = la condition de `{ $op }` doit être un `bool`, pas `{ $found }`
    .label = pas une condition
E0201-aggregate = `{ $op }` de valeurs `{ $found }`
    .label = pas des nombres
E0201-joins = `{ $op }` relie des conditions, ceci est un `{ $found }`
    .label = pas une condition
E0201-side-absent-help = un des côtés peut être absent : donnez une valeur par défaut avec `otherwise`, par exemple `x otherwise { $example }`
E0201-same-type-help = seules des valeurs de même type se comparent
E0201-compare-money-help = un montant se compare à un montant : écrivez `{ $number } €`, pas `{ $number }`
E0201-add-money-help = un montant s'ajoute à un montant : écrivez `{ $number } €`, pas `{ $number }`
E0201-instant-date-help = convertissez l'instant avec `date(x)` pour le comparer à une date
E0201-in-items-help = la valeur et les éléments de la liste doivent avoir le même type
E0201-in-list-help = `in` teste l'appartenance à une liste
E0201-otherwise-help = la valeur par défaut doit avoir le type de la valeur
E0201-durations-help = les durées s'ajoutent à une date une par une : `d + 3 years + 2 months`
E0201-dates-help = les jours entre deux dates : `days_between(a, b)`
E0201-money-times-money-help = un montant multiplié par un montant n'a pas de sens : multipliez par un nombre ou un taux
E0201-not-a-code = un code de règle ou d'objectif est attendu
    .label = pas un code
E0201-optional-output = la sortie `{ $name }` peut être absente
    .label = sortie facultative
E0201-optional-output-typed-help = une sortie a toujours une valeur : déclarez son type sans `?` et donnez une valeur par défaut avec `otherwise` dans son corps
E0201-optional-output-help = une sortie a toujours une valeur : donnez une valeur par défaut avec `otherwise` dans son corps
E0201-default-variant = `{ $name }` n'est pas une variante de `{ $enum }`
    .label = pas une variante
E0201-default-type = valeur par défaut de type `{ $found }` pour un champ de type `{ $expected }`
    .label = mauvais type
E0201-default-literal = une valeur par défaut est une valeur littérale ou une variante d'énumération
    .label = pas une valeur littérale
E0201-bound-type = borne de type `{ $found }` pour un champ de type `{ $expected }`
    .label = mauvais type
E0201-bound-money-help = écrivez un montant : `0 €`, `300000.00 €`
E0201-bound-share-help = écrivez un pourcentage (`90 %`) ou un décimal (`0.9`)
E0201-bound-date-help = écrivez une date : `2026-01-01`
E0201-bound-int-help = écrivez un entier : `1`
E0201-bound-number-help = écrivez un nombre : `0.5`
E0201-chosen = les objectifs choisis sont une liste de codes, pas `{ $found }`
    .label = pas une liste de codes
E0201-chosen-help = par exemple `chosen_objectives union(dossier.parcours.mandatory, dossier.a_la_carte)`
E0201-reference = la date de référence doit être un instant ou une date, pas `{ $found }`
    .label = pas une date
E0201-reference-help = nommez la donnée qui date le dossier, comme `reference dossier.submitted_at`
E0201-table-key = clé de type `{ $found }` dans une table dont les clés sont des `{ $expected }`
    .label = une autre sorte de clé
E0201-table-cell = la colonne `{ $column }` contient des valeurs `{ $expected }`, cette cellule est un `{ $found }`
    .label = un autre type
E0201-range-cell = un intervalle n'est permis que dans la colonne des clés
    .label = intervalle comme valeur
E0201-code-argument = `{ $name }` prend un code de règle ou d'objectif, pas `{ $found }`
    .label = pas un code
E0201-objective-not-rule = `{ $code }` est un objectif : utilisez `achieved({ $code })`
    .label = pas une règle
E0201-not-achievable = l'objectif `{ $code }` n'a pas de condition `achieved when`
    .label = impossible à décider
E0201-not-achievable-help = donnez à l'objectif une condition `achieved when …` pour l'utiliser ici
E0201-rule-not-objective = `{ $code }` est une règle : utilisez `passed({ $code })`
    .label = pas un objectif
E0201-keys-not-table = `keys` prend une table, et `{ $name }` n'en est pas une
    .label = pas une table
E0201-keys-table-name = `keys` prend le nom d'une table
    .label = pas un nom de table
E0201-keys-ranges = les clés de la table `{ $name }` sont des intervalles : on ne peut pas les énumérer
    .label = intervalles
E0201-builtin-argument = `{ $name }` attend { $what }, pas `{ $found }`
    .label = pas { $what }
E0201-argument-absent-help = cette valeur peut être absente : donnez une valeur par défaut avec `otherwise`
E0201-lookup-key = les clés de la table `{ $name }` sont des `{ $expected }`, cette clé est un `{ $found }`
    .label = mauvais type de clé
E0201-function-argument = l'argument `{ $param }` de `{ $name }` est un `{ $expected }`, pas `{ $found }`
    .label = mauvais type
E0202-arity = `{ $name }` prend { $expected } { $expected ->
        [one] argument
       *[other] arguments
    }, { $given } { $given ->
        [one] donné
       *[other] donnés
    }
    .label = mauvais nombre d'arguments
E0202-builtin-arity = `{ $name }` prend { $expected }, { $given } { $given ->
        [one] donné
       *[other] donnés
    }
    .label = mauvais nombre d'arguments
E0202-signature-help = elle s'appelle ainsi : { $signature }
E0204-over = `{ $op }` parcourt une liste, pas un `{ $found }`
    .label = pas une liste
E0204-for-each = `for each` parcourt une liste, pas un `{ $found }`
    .label = pas une liste
E0204-scope = la portée d'un objectif est une liste, pas un `{ $found }`
    .label = pas une liste
E0205-condition = `{ $op }` prend une condition : `all(x in xs: condition)`
    .label = forme incorrecte
E0205-count = `{ $op }` compte les éléments qui passent `where` : `count(x in xs where condition)`
    .label = forme incorrecte
E0205-not-by = `{ $op }` prend `: expression`, pas `by`
    .label = forme incorrecte
E0205-list-by = `{ $op }` prend `: expression` ; pour trier, utilisez `sort(x in xs by clé)`
    .label = forme incorrecte
E0205-sort = `{ $op }` prend une clé : `sort(x in xs by x.date)`
    .label = forme incorrecte

# Ce qu'attend une fonction prédéfinie (arguments `what` et `expected` de E0201 et E0202)
phrase-a-list = une liste
phrase-a-list-of-dates = une liste de dates
phrase-a-list-of-lists = une liste de listes
phrase-a-list-of-numbers = une liste de nombres ou de montants
phrase-a-list-of-comparable-values = une liste de valeurs comparables, ou au moins deux valeurs
phrase-a-list-or-values = une liste, ou au moins deux valeurs
phrase-a-number = un nombre ou un montant
phrase-an-instant = un instant
phrase-a-date = une date
phrase-comparable-values = des valeurs comparables
phrase-a-number-of-decimals = un nombre entier de décimales
phrase-a-number-of-items = un nombre entier d'éléments
phrase-a-position = un nombre entier (1 pour le premier élément, -1 pour le dernier)
phrase-a-type-like-the-others = un `{ $type }` comme les autres
phrase-a-list-of-type = une liste de `{ $type }`
phrase-1-argument = 1 argument
phrase-1-or-2-arguments = 1 ou 2 arguments
phrase-1-argument-list = 1 argument (une liste)
phrase-1-argument-dates = 1 argument (une liste de dates)
phrase-1-argument-lists = 1 argument (une liste de listes)
phrase-1-argument-instant = 1 argument (un instant)
phrase-2-arguments-list-position = 2 arguments (une liste et une position)
phrase-2-arguments-value-decimals = 2 arguments (une valeur et un nombre de décimales)
phrase-2-arguments-dates = 2 arguments (deux dates)
phrase-2-arguments-lists = 2 arguments (deux listes)

# Structure de la politique
E0301-cannot-be-met = `{ $bound } { $count }` sur { $available } { $available ->
        [one] objectif
       *[other] objectifs
    } : impossible à satisfaire
    .label = seulement { $available } au choix
E0301-cannot-be-met-help = le parcours `{ $track }` propose { $available } { $available ->
        [one] objectif
       *[other] objectifs
    } dans cette section
E0301-contradictory = au plus { $most } mais au moins { $least } : aucun choix ne satisfait les deux
    .label = bornes contradictoires
E0302-empty-range = l'intervalle `{ $range }` est vide
    .label = finit avant de commencer
E0302-open-overlap = les intervalles `{ $first }` et `{ $second }` se chevauchent
    .label = déjà couvert
    .also = cet intervalle ouvert le couvre
E0302-open-overlap-help = un intervalle ouvert (`13..`) doit être le dernier
E0302-overlap = les intervalles `{ $first }` et `{ $second }` se chevauchent
    .label = chevauche la ligne du dessus
    .also = cet intervalle
E0302-overlap-help = chaque valeur doit tomber dans exactement une ligne
E0303-gap = aucune ligne ne couvre `{ $gap }`
    .label = trou avant cette ligne : `{ $gap }` n'a pas de ligne
E0302-overlap-rows = les intervalles `{ $first }` et `{ $second }` se chevauchent dans les lignes de `{ $rows }`
    .label = chevauche la ligne du dessus
    .also = cet intervalle
E0302-open-overlap-rows = les intervalles `{ $first }` et `{ $second }` se chevauchent dans les lignes de `{ $rows }`
    .label = déjà couvert
    .also = cet intervalle ouvert le couvre
E0303-gap-rows = aucune ligne de `{ $rows }` ne couvre `{ $gap }`
    .label = trou avant cette ligne : `{ $gap }` n'a pas de ligne
E0303-gap-help = chaque valeur doit tomber dans exactement une ligne : étendez un intervalle ou ajoutez une ligne
E0304-in-force = la période de vigueur finit (`{ $until }`) avant de commencer (`{ $from }`)
    .label = finit avant de commencer
    .also = commence ici
E0304-in-force-help = échangez les deux dates, ou retirez `until` pour rester en vigueur jusqu'à la version suivante
E0304-empty-window = aucune valeur de `{ $subject }` ne peut tomber dans cette fenêtre
    .label = commence ici
    .also = finit ici
E0304-empty-window-help = la borne inférieure n'est pas avant la borne supérieure : échangez les dates ou les comparaisons
E0305-add-objective-help = pour ajouter un objectif, déclarez-le dans `amend track NOM {"{"} … {"}"}`
E0305-add-rule-help = pour ajouter une règle, déclarez-la comme d'habitude dans la nouvelle version
E0305-add-track-help = pour ajouter un parcours, déclarez-le comme d'habitude dans la nouvelle version
E0305-remove-help = on ne peut retirer que ce que déclare la version amendée
E0305-replace-new-help = `replace` change une déclaration de la version amendée ; déclarez les nouvelles comme d'habitude
E0305-replace-help = `replace` change une déclaration de la version amendée
E0306-no-version = la politique `{ $id }` n'a pas de version
    .label = pas de `version` dans cet en-tête
E0306-no-version-help = donnez la date d'entrée en vigueur de la version : `version 2026-03-31`
E0306-unknown-zone = fuseau horaire inconnu : `{ $value }`
    .label = pas un fuseau horaire IANA
E0306-no-timezone-help = les dates et les échéances se lisent dans le fuseau horaire de la politique : `timezone "Europe/Paris"`
E0306-no-input = la version ne déclare pas d'entrée
    .label = cette version ne lit aucune donnée
E0306-no-input-help = déclarez les données que lit la politique : `input dossier: Candidature`
E0306-requires-nothing = { $what ->
        [rule] la règle
       *[prerequisite] le prérequis
    } `{ $name }` n'exige rien
    .label = pas de `require`
E0306-requires-nothing-help = dites ce qui doit être vrai : `require condition`
E0307-columns = la table `{ $name }` a besoin d'une colonne de clés et d'au moins une colonne de valeurs
    .label = ligne d'en-tête
E0307-columns-help = écrivez l'en-tête sous la forme `| clé | valeur |`
E0307-cells = cette ligne a { $cells } { $cells ->
        [one] cellule
       *[other] cellules
    }, l'en-tête en a { $columns }
    .label = mauvais nombre de cellules
E0307-cells-help = colonnes : { $names }
E0308-duplicate = cette clé est déjà dans la table
    .label = clé en double
    .also = première ligne avec cette clé
E0309-cycle = la version `{ $version }` s'amende elle-même par un cercle (en passant par `{ $amends }`)
    .label = cet `amends` ramène à cette version
E0309-cycle-help = une version amende une version antérieure ; la première version n'amende rien
E0309-not-found = version amendée `{ $amends }` introuvable
    .label = aucune version de cette politique n'a cette date
E0309-no-other-version-help = ce dossier ne contient aucune autre version
E0309-versions-help = versions dans ce dossier : { $versions }
E0310-two-policies = la politique `{ $id }` partage son dossier avec la politique `{ $other }`
    .label = un autre identifiant de politique
    .also = l'autre version de ce dossier
E0310-two-policies-help = un dossier contient les versions d'une seule politique : donnez-leur le même identifiant
E0310-same-date = deux versions datées du `{ $date }`
    .label = même date
    .also = même date que cette version
E0310-same-date-help = chaque version d'une politique a sa propre date
E0311-duplicate-key = la clé de parcours `{ $key }` est utilisée deux fois
    .label = même clé qu'un autre parcours
    .also = première utilisation ici
E0311-no-key = le parcours `{ $name }` n'a pas de clé
    .label = pas de `key`
E0311-no-key-help = la clé est le nom de ce parcours dans les données : `key 1`
E0312-not-earlier = la version `{ $version }` amende une version qui n'est pas antérieure (`{ $amends }`)
    .label = pas une version antérieure
E0312-not-earlier-help = une version amende la version en vigueur avant elle
E0313-outside = impossible d'inclure `{ $path }`
    .label = hors du dossier de la politique
    .help = un fichier inclus est dans le dossier de la politique qui l'inclut (ou en dessous), désigné par un chemin relatif : copiez le module dans le dossier
E0313-not-found = impossible d'inclure `{ $path }`
    .label = pas de fichier `{ $path }` à côté de celui-ci
    .help = le chemin est relatif au dossier du fichier qui inclut
E0313-unreadable = impossible d'inclure `{ $path }`
    .label = illisible
    .help = { $detail }
E0313-cycle = `{ $path }` est inclus dans un cercle
    .label = cette inclusion ramène à un fichier qui l'inclut
E0313-cycle-help = un module est inclus une fois, par une version ou par un autre module
E0313-too-deep = impossible d'inclure `{ $path }`
    .label = inclusions imbriquées sur plus de { $max } niveaux
E0313-too-deep-help = incluez les modules depuis la version elle-même, ou sur moins de niveaux de modules
E0314-policy-in-module = un fichier inclus ne peut pas déclarer de politique
    .label = en-tête de politique dans un module inclus
E0314-policy-in-module-help = un en-tête de politique commence une version ; les modules inclus ne contiennent que des déclarations
E0315-unknown-lint = avertissement inconnu : `{ $name }`
    .label = aucun avertissement ne porte ce nom
E0315-lints-help = avertissements : { $lints }
E0315-no-reason = un `@allow` a besoin de sa raison
    .label = raison vide
E0315-no-reason-help = dites pourquoi l'avertissement ne s'applique pas, pour le prochain lecteur
E0316-default = la valeur par défaut de `{ $field }` est { $side ->
        [below] sous le minimum
       *[above] au-dessus du maximum
    } { $bound }
    .label = hors des bornes du champ
E0316-default-help = la valeur par défaut tient lieu d'une donnée que la plateforme n'a pas envoyée : ce doit être une valeur que la donnée pourrait avoir
E0316-two-bounds = `{ $field }` a deux bornes `{ $bound }`
    .label = une seconde borne de la même sorte
E0316-two-bounds-help = gardez-en une : la donnée doit être entre un seul minimum et un seul maximum
E0316-empty = aucune valeur de `{ $field }` n'est à la fois au moins { $min } et au plus { $max }
    .label = le maximum est sous le minimum
E0316-empty-help = échangez les deux bornes
E0316-unordered = `{ $field }`, de type `{ $type }`, ne peut pas avoir de bornes
    .label = une borne sur une valeur sans ordre
E0316-unordered-help = les bornes s'appliquent aux champs de type int, decimal, share, money et date

# Avertissements
W0003-unused = `@allow({ $lint })` ne fait taire rien ici
    .label = pas de tel avertissement sur cette déclaration
W0003-unused-help = retirez l'annotation : l'avertissement pour lequel elle a été écrite ne s'applique plus
W0004-never-binds = ce plafond ne s'applique jamais : le montant ne le dépasse jamais
    .label = le premier argument n'est jamais au-dessus du second
W0004-never-binds-help = le plus grand montant est au plus le plafond ; un plafond qui ne s'applique jamais signale d'ordinaire une erreur dans une table ou dans le plafond
W0004-never-binds-cases-help = pour toute valeur de { $params }, le plus grand montant est au plus le plafond ; un plafond qui ne s'applique jamais signale d'ordinaire une erreur dans une table ou dans le plafond
W0005-invisible = un caractère invisible ou de contrôle bidirectionnel (U+{ $char }) dans { $what ->
        [text] un texte
        [comment] un commentaire
       *[section] une section
    }
    .label = invisible ici
W0005-invisible-help = supprimez-le : il peut cacher ou réordonner ce que voit un lecteur de la politique

# Aides communes à plusieurs codes
help-zone-spelling = écrivez-le `{ $zone }`, comme l'orthographie la base IANA
help-zone-closest = vouliez-vous dire `{ $zone }` ? le fuseau doit être un lieu de la base IANA, pour qu'aucun réglage de machine ne décide d'une date
help-zone-iana = utilisez un nom IANA comme `Europe/Paris` : le fuseau doit être un lieu de la base IANA, pour qu'aucun réglage de machine ne décide d'une date
help-amending = trouvé en vérifiant la version `{ $version }`, qui amende celle-ci

## Erreurs de données : le message de chaque problème (les décodeurs de care-eval)
data-location = (ligne { $line }, colonne { $column })
data-expected = attendu : { $expected } ; trouvé : { $found }
data-missing-field = champ obligatoire manquant ; attendu : { $expected }
data-int-range = entier hors limites ; trouvé : { $found }
data-share-range = une part va de 0 à 1 ; trouvé : { $found }
data-money-decimals = un montant a au plus deux décimales ; trouvé : { $found }
data-below-min = doit être au moins { $bound } ; trouvé : { $found }
data-above-max = doit être au plus { $bound } ; trouvé : { $found }
data-negative-money = un montant ne peut pas être négatif (la politique ne lui donne pas de minimum) ; trouvé : { $found }
data-given-twice = le champ `{ $name }` est donné deux fois
data-unknown-field-ignored = le champ inconnu `{ $name }` est ignoré
data-more-errors = { $count } { $count ->
        [one] autre erreur non affichée
       *[other] autres erreurs non affichées
    }
data-more-warnings = { $count } { $count ->
        [one] autre avertissement non affiché
       *[other] autres avertissements non affichés
    }
data-invalid-json = JSON invalide : { $detail }
data-invalid-yaml = YAML invalide : { $detail }
data-invalid-utf8 = texte UTF-8 invalide
data-yaml-several = un seul document YAML attendu, plusieurs trouvés
data-yaml-alias = alias vers une ancre inconnue
data-yaml-nesting = imbrication de plus de 128 niveaux
data-yaml-unbalanced = événements YAML déséquilibrés
data-aliases = les alias se développent en trop de valeurs
data-complex-key = attendu : un nom de champ ; trouvé : une clé complexe
data-schema-problem = { $detail }
phrase-data-array = un tableau
phrase-data-object = un objet
data-type-bool = bool (`true` ou `false`)
data-type-int = int (un entier)
data-type-decimal = decimal (une chaîne comme `"0.66"`)
data-type-share = share (une chaîne de `"0"` à `"1"` comme `"0.66"`)
data-type-money = money (une chaîne avec au plus deux décimales comme `"12000.00"`)
data-type-date = date (une chaîne `AAAA-MM-JJ`)
data-type-instant = instant (une chaîne RFC 3339 avec un décalage comme `"2026-05-20T10:15:00+02:00"`)
data-type-duration = duration (une chaîne comme `"60 days"`)
data-type-text = text (une chaîne)
data-type-code = code (une chaîne)
data-type-none = rien (aucune valeur n'est déclarée)
data-type-enum = une variante d'énumération
data-type-one-of = l'une des valeurs { $names }
data-type-object = { $name } (un objet)
data-type-list = liste de { $type } (un tableau)
data-bounds-from = de { $min } à { $max }
data-bounds-min = au moins { $min }
data-bounds-max = au plus { $max }

# Tables par tranches décimales et à deux clés
E0307-key-columns = la table `{ $name }` a { $keys } colonnes de clé, deux au plus sont permises
    .label = ligne d'en-tête
E0307-no-value-column = la table `{ $name }` n'a pas de colonne de valeur après ses colonnes de clé
    .label = ligne d'en-tête
E0307-two-keys-help = écrivez l'en-tête `| clé | valeur |`, ou `| clé1 | clé2 || valeur |` pour deux clés
E0201-column-key = clé de type `{ $found }` dans une colonne dont les clés sont `{ $expected }`
    .label = une autre sorte de clé
E0201-range-bound = une tranche porte sur des nombres ou des montants, cette borne est `{ $found }`
    .label = pas un nombre
E0201-range-bounds = les bornes de cette tranche sont `{ $first }` et `{ $second }`
    .label = un autre type
E0302-empty-bounds = cette tranche est vide
    .label = aucune valeur n'y tombe
E0302-empty-bounds-help = la borne inférieure doit être sous la borne supérieure, comme dans `66 % <= part < 90 %`
E0302-bounds-overlap-help = chaque valeur doit tomber dans exactement une ligne : finissez une tranche là où la suivante commence, l'une des deux bornes avec `=`
E0303-bounds-gap-help = chaque valeur doit tomber dans exactement une ligne : commencez cette tranche là où celle du dessus finit
E0317-wrong-name = cette tranche est écrite sur `{ $name }`, sa colonne est `{ $column }`
    .label = un autre nom
E0317-wrong-name-help = nommez la colonne dans ses tranches : `{ $column } < …`
E0318-uncovered-below = aucune ligne ne couvre `{ $values }`
    .label = la tranche la plus basse a une borne inférieure
E0318-uncovered-above = aucune ligne ne couvre `{ $values }`
    .label = la tranche la plus haute a une borne supérieure
E0318-open-below-help = ouvrez la première tranche vers le bas : `{ $column } < …`
E0318-open-above-help = ouvrez la dernière tranche vers le haut : `{ $column } >= …`
E0102-record-type-field = le champ `{ $name }` est écrit deux fois dans ce type d'enregistrement
    .label = écrit à nouveau ici
E0201-column-lookup = la colonne `{ $column }` de la table `{ $table }` a des clés `{ $expected }`, cette clé est `{ $found }`
    .label = mauvais type de clé

# L'identifiant, la décision et la référence de l'en-tête
E0319-identifier-type = l'identifiant d'un dossier doit être un texte, pas `{ $found }`
    .label = pas un texte
E0319-identifier-type-help = nommez le champ texte qui identifie un dossier, par exemple `identifier dossier.id`
E0319-identifier-field = l'identifiant d'un dossier doit être un champ de l'entrée
    .label = pas un champ de l'entrée
E0319-identifier-field-help = il est lu avant le décodage du dossier, pour qu'un dossier refusé soit nommé lui aussi : nommez un champ de l'entrée, par exemple `identifier dossier.id`
E0319-decision-type = la décision doit être une sortie booléenne, pas `{ $found }`
    .label = pas un booléen
E0319-decision-type-help = nommez la sortie qui dit si un dossier est retenu, par exemple `decision eligible`
E0319-decision-output = la décision doit être une sortie de la politique
    .label = pas une sortie
E0319-decision-output-help = nommez la sortie booléenne qui dit si un dossier est retenu, par exemple `decision eligible`
E0320-not-a-field = la date de référence doit être un champ de l'entrée
    .label = pas un champ de l'entrée
E0320-not-a-field-help = la version qui juge un dossier est choisie avant la lecture de ses données : nommez un champ de l'entrée, par exemple `reference dossier.submitted_at`, et calculez les autres dates dans les règles

## Les lignes propres à la ligne de commande (care-cli) : les mots autour de ses erreurs, ses
## résumés, les erreurs qu'elle trouve elle-même
cli-error = erreur : { $message }
cli-warning = avertissement : { $message }
cli-note = note : { $message }
cli-help = aide : { $message }
cli-internal = interne : la politique se vérifie mais { $reason }
cli-internal-help = merci de le signaler avec la politique
# Chemins et fichiers
cli-no-such-path = `{ $path }` n'existe pas
cli-not-a-care-file = `{ $path }` n'est pas un fichier `.care` : donnez des fichiers de politique ou les dossiers qui les contiennent
cli-no-care-file = aucun fichier `.care` dans le dossier `{ $path }`
cli-stdin-filename-alone = `--stdin-filename` nomme le fichier lu sur l'entrée standard : donnez `-` parmi les chemins
cli-stdin-once = `-` (l'entrée standard) ne peut être donné qu'une fois
cli-cannot-read = impossible de lire { $what }
cli-cannot-read-stdin = impossible de lire l'entrée standard : { $reason }
cli-cannot-read-policy = impossible de lire la politique `{ $path }` : { $reason }
cli-cannot-read-dossier = impossible de lire le dossier `{ $path }` : { $reason }
cli-cannot-read-dossiers = impossible de lire les dossiers `{ $path }` : { $reason }
cli-cannot-read-folder = impossible de lire le répertoire `{ $path }` : { $reason }
cli-cannot-write = impossible d'écrire `{ $path }` : { $reason }
cli-cannot-write-output = impossible d'écrire la sortie : { $reason }
cli-cannot-write-results = impossible d'écrire les résultats : { $reason }
cli-cannot-write-coverage = impossible d'écrire le rapport de couverture `{ $path }` : { $reason }
cli-cannot-write-mutation = impossible d'écrire le rapport de mutation `{ $path }` : { $reason }
cli-cannot-render = impossible de produire la sortie : { $reason }
cli-in-folder = { $message } (dans `{ $path }`)
cli-not-a-date = `{ $value }` n'est pas une date (`AAAA-MM-JJ`)
# Les raisons des erreurs d'entrée-sortie du système
cli-io-path = `{ $path }` : { $reason }
cli-io-not-found = fichier ou dossier introuvable
cli-io-permission-denied = accès refusé
cli-io-is-a-directory = c'est un dossier
cli-io-not-a-directory = ce n'est pas un dossier
cli-io-already-exists = quelque chose existe déjà à cet endroit
cli-io-storage-full = le disque est plein
cli-io-read-only = le système de fichiers est en lecture seule
# Politiques
cli-no-version = aucune version de politique dans `{ $path }`
cli-policy-does-not-check = la politique `{ $path }` ne se vérifie pas : lancez `care check { $path }`
# care check
cli-check-silenced = ({ $count } { $count ->
        [one] silencié
       *[other] silenciés
    })
# care fmt
cli-fmt-stdin-alone = `-` (l'entrée standard) se formate seule
cli-fmt-would-reformat = { $changed } { $changed ->
        [one] fichier
       *[other] fichiers
    } sur { $files } { $changed ->
        [one] serait reformaté
       *[other] seraient reformatés
    }
cli-fmt-reformatted = { $changed } { $changed ->
        [one] fichier
       *[other] fichiers
    } sur { $files } { $changed ->
        [one] reformaté
       *[other] reformatés
    }
cli-fmt-not-formatted = , { $count } non { $count ->
        [one] formaté
       *[other] formatés
    } à cause d'erreurs de syntaxe
cli-fmt-not-utf8 = erreur[E0003] : `{ $path }` n'est pas du texte UTF-8 (ligne { $line }, colonne { $column }) : non formaté
# care eval
cli-eval-no-dossier = donnez un dossier avec `--dossier FICHIER`, ou un lot avec `--dossiers DOSSIER_OU_JSONL`
cli-eval-batch-format = `--format jsonl`, `csv` et `csv-fr` sont pour un lot (`--dossiers`) ; un dossier s'écrit en `json`, `human`, `markdown` ou `html`
cli-eval-jobs = `--jobs` fixe le nombre de fils d'un lot (`--dossiers`) ; un dossier s'évalue sur un seul
cli-eval-explain = un dossier seul est toujours expliqué ; `--explain` ajoute les explications aux lignes d'un lot
cli-eval-audience = `--audience` choisit le lecteur du rapport d'un dossier (`--dossier`) ; un lot écrit des résultats pour les machines
cli-eval-batch-formats = un lot s'écrit en `--format jsonl` (par défaut), `--format csv` ou `--format csv-fr`
cli-eval-invalid-data = données invalides dans `{ $path }`
cli-eval-no-version = impossible de choisir une version pour `{ $path }`
cli-eval-failed = l'évaluation de `{ $path }` s'est arrêtée
# Le résumé d'un lot (`care eval --dossiers`) : les sorties par leur libellé
cli-batch-counted = { $counted } { $counted ->
        [one] dossier lu
       *[other] dossiers lus
    } ({ $evaluated } { $evaluated ->
        [one] évalué
       *[other] évalués
    }, { $errors } en erreur)
cli-batch-count = { $name } : { $count }
cli-batch-sum = { $name } (total) : { $amount }
cli-batch-sum-overflow = { $name } (total) : dépassement de capacité
cli-batch-errors = erreurs : { $errors }
cli-batch-no-errors = erreurs : aucune
cli-batch-error-count = { $kind } ({ $count })
cli-batch-kind-invalid_data = données invalides
cli-batch-kind-no_version = aucune version en vigueur
cli-batch-kind-evaluation_error = évaluation interrompue
cli-batch-kind-unreadable = fichier illisible
cli-batch-warnings = avertissements : { $count } { $count ->
        [one] dossier
       *[other] dossiers
    }
cli-batch-stopped-reading = impossible de lire les dossiers : { $reason } (`{ $path }`)
# Pourquoi aucune version n'a pu être choisie pour un dossier
cli-select-no-reference = la politique ne déclare pas de date de référence : nommez une version avec `--version`
cli-select-missing-reference = `{ $field }` : manquant, alors qu'il décide de la version de la politique qui s'applique
cli-select-bad-reference = `{ $field }` : attendu : un instant avec son décalage horaire ou une date ; trouvé : `{ $found }`
cli-select-no-version-first = aucune version de la politique n'est en vigueur le { $date } (la première l'est à partir du { $first })
cli-select-no-version = aucune version de la politique n'est en vigueur le { $date }
cli-select-unknown-version = pas de version `{ $asked }` ; versions : { $versions }
# care test
cli-test-summary = { $passed } { $passed ->
        [one] réussi
       *[other] réussis
    }, { $failed } { $failed ->
        [one] échoué
       *[other] échoués
    }
cli-test-fail = ÉCHEC { $file }
cli-test-error = ERREUR { $file }
cli-test-version = (version { $version })
cli-test-cannot-read-fixtures = impossible de lire les cas de test `{ $path }` : { $reason }
cli-test-not-a-dossier = `{ $path }` n'est ni un dossier de candidature (`.json`, `.yaml`, `.yml`) ni un répertoire de cas de test
cli-test-no-match = aucun cas de test ne correspond à `{ $pattern }`
cli-test-no-fixture = aucun cas de test dans { $folders }
cli-test-cannot-write-junit = impossible d'écrire le rapport JUnit `{ $path }` : { $reason }
cli-test-updated = mis à jour : { $file }
# care test : ce que la comparaison d'une fixture a trouvé
cli-test-refused = le dossier a été refusé (`{ $kind }`) alors que des sorties étaient attendues
cli-test-other-error = erreur : `{ $want }` était attendue, `{ $kind }` a été obtenue
cli-test-path-missing = chemins : une erreur était attendue en `{ $path }`, il n'y en a aucune
cli-test-errors-were = les erreurs étaient :
cli-test-evaluated = erreur : `{ $want }` était attendue, mais le dossier a été évalué ({ $outputs })
cli-test-judged-by = version : le dossier devait être jugé par la version { $want }, il l'a été par la version { $got }
cli-test-no-output-closest = { $name } : la version { $version } n'a pas de sortie de ce nom (vouliez-vous dire `{ $closest }` ? sorties : { $outputs })
cli-test-no-output = { $name } : la version { $version } n'a pas de sortie de ce nom (sorties : { $outputs })
cli-test-output = { $name } : { $want } était attendu, { $got } a été obtenu
cli-test-output-money = { $name } : { $want } était attendu, { $got } a été obtenu (un montant s'écrit avec exactement deux décimales)
cli-test-rule-missing = règles en échec : `{ $code }`{ $label } manque
cli-test-rule-unknown = règles en échec : `{ $code }` n'est pas une règle de la version { $version }
cli-test-rule-unexpected = règles en échec : `{ $code }`{ $label } échoue sans être attendue
cli-test-not-updated = non mis à jour : { $file } : { $reason }
cli-test-rewritten = { $count } { $count ->
        [one] fichier attendu réécrit
       *[other] fichiers attendus réécrits
    } : relisez-les (`git diff`) avant de les valider
# care test --coverage, --mutate
cli-coverage-rules-below = règles couvertes : { $percent } ({ $covered }/{ $total }), sous le minimum de { $min } %
cli-coverage-rows-below = lignes de table couvertes : { $percent } ({ $covered }/{ $total }), sous le minimum de { $min } %
cli-mutate-failing = chaque cas de test doit passer avant de lancer les mutants : corrigez les échecs ci-dessus
cli-mutate-time = mutations : { $seconds } s
cli-mutants-survive = { $count } { $count ->
        [one] mutant survit
       *[other] mutants survivent
    } : ajoutez des cas de test qui les distinguent, ou justifiez chacun dans `{ $file }`
cli-mutants-stale = lignes périmées dans mutants-accepted.txt
# care init
cli-init-bad-id = `{ $id }` ne peut pas être l'identifiant d'une politique
cli-init-bad-id-help = un identifiant est une lettre, puis des lettres, des chiffres, `_` ou `-` : donnez-en un avec `--id`
cli-init-no-id = donnez l'identifiant de la politique avec `--id`
cli-init-not-empty = `{ $path }` n'est pas vide : `care init` n'écrit que dans un nouveau dossier
cli-init-bad-title = le titre ne peut pas contenir `"` ni `\`
cli-init-created = créé `{ $path }` : { $files }
cli-init-next = ensuite : `care check { $path }` et `care test --policy { $path }`, puis docs/tutorial.md
# care sample, diff, simulate, lsp
cli-sample-no-base = aucun cas de test de `{ $path }` n'est jugé par la version { $version }
cli-sample-no-base-help = ajoutez des cas de test dans `tests/`, ou échantillonnez avec `--from schema`
cli-diff-usage = donnez un dossier de politique avec `--policy DOSSIER` (et `--from`, `--to`), ou deux dossiers
cli-simulate-summary = { $dossiers } dossiers, { $changed } avec un changement ({ $changes } changements)
cli-lsp-cannot-start = impossible de démarrer le serveur de langage : { $reason }

## Les éditeurs (care-analysis, care-lsp) : les mots des survols, des corrections rapides et des
## détails de complétion autour de ce que dit la politique
lsp-kind-policy = politique
lsp-kind-document = document
lsp-kind-enum = énumération
lsp-kind-variant = valeur d'énumération
lsp-kind-record = enregistrement
lsp-kind-field = champ
lsp-kind-input = entrée
lsp-kind-track = parcours
lsp-kind-theme = thème
lsp-kind-objective = objectif
lsp-kind-rule = règle
lsp-kind-prerequisite = prérequis
lsp-kind-table = table
lsp-kind-column = colonne
lsp-kind-function = fonction
lsp-kind-parameter = paramètre
lsp-kind-value = valeur
lsp-kind-output = sortie
lsp-kind-let = variable locale
lsp-kind-built-in = fonction prédéfinie
lsp-hover-mandatory = obligatoire
lsp-hover-a-la-carte = à la carte
lsp-hover-theme = thème : { $theme }
lsp-hover-scope = périmètre : { $scope }
lsp-hover-scope-candidate = le candidat
lsp-hover-scope-each = chaque `{ $binder }` de `{ $list }`
lsp-hover-evidence = preuve : { $evidence }
lsp-hover-achieved = atteint si : `{ $expr }`
lsp-hover-fix = Correction : { $fix }
lsp-hover-key = clé : { $key }
lsp-hover-section-objectives = { $count } { $count ->
        [one] objectif
       *[other] objectifs
    } { $section ->
        [mandatory] { $count ->
            [one] obligatoire
           *[other] obligatoires
        }
       *[other] à la carte
    }
lsp-hover-constant = { $value } (ne dépend pas du dossier)
lsp-hover-amends = modifie la version { $version }
lsp-hover-colon = {" "}:
lsp-hover-sources = Sources :
lsp-hover-of-table = de la table `{ $table }`
lsp-hover-example = Exemple : { $example }
lsp-hover-error = erreur
# Les groupes de la référence des fonctions prédéfinies (docs/language.md)
lsp-builtin-group-aggregates-of-a-list = Agrégats d'une liste
lsp-builtin-group-dates = Dates
lsp-builtin-group-lists = Listes
lsp-builtin-group-numbers = Nombres
lsp-builtin-group-optional-values = Valeurs facultatives
lsp-builtin-group-rules-and-objectives = Règles et objectifs
lsp-builtin-group-two-values-or-more = Deux valeurs ou plus
# Ce que donne chaque fonction prédéfinie : la référence (docs/language.md §11), traduite
lsp-builtin-count-xs = `int` : le nombre d'éléments
lsp-builtin-sum-xs = d'une liste de `N` : `int`, `decimal` ou `money` ; 0 pour une liste vide
lsp-builtin-mean-xs = `decimal?` (`money?` pour de l'argent) : la moyenne, absente pour une liste vide
lsp-builtin-min-xs-max-xs = `T?` d'une liste d'un type ordonné (nombres, montants, dates, instants, textes, codes)
lsp-builtin-min-a-b-max-a-b = le plus petit / le plus grand, d'un même type ordonné (les nombres se mélangent)
lsp-builtin-round-x-n = `x` (un nombre ou un montant) arrondi à `n` décimales (`n` un `int`), la moitié loin de zéro ; du type de `x` (`share` donne `decimal` ; un `int` est inchangé)
lsp-builtin-round-half-even-x-n = la moitié vers le pair (arrondi bancaire)
lsp-builtin-round-down-x-n = vers zéro
lsp-builtin-round-up-x-n = loin de zéro
lsp-builtin-abs-x = la valeur absolue d'un `int`, `decimal`, `share` ou `money`
lsp-builtin-date-i = `date` : le jour de l'instant `i` dans le fuseau horaire de la politique (une `date` est rendue telle quelle)
lsp-builtin-days-between-a-b = `int` : les jours entiers de la date `a` à la date `b`, négatif si `b` est avant `a`
lsp-builtin-gaps-dates = `list of int` : les jours entre éléments consécutifs d'une liste de dates, dans l'ordre de la liste (triez d'abord)
lsp-builtin-first-xs-last-xs = `T?` : le premier / le dernier élément, absent pour une liste vide
lsp-builtin-first-xs-n-last-xs-n = `list of T` : les `n` premiers / derniers éléments (moins si la liste est plus courte)
lsp-builtin-item-xs-n = `T?` : le n-ième élément, en comptant à partir de 1 ; depuis la fin quand n est négatif (`-1` le dernier, `-3` l'antépénultième) ; absent hors de la liste
lsp-builtin-flatten-xss = `list of T` : les éléments d'une liste de listes, dans l'ordre
lsp-builtin-pairs-xs = `list of {"{"}previous: T, next: T{"}"}` : chaque élément avec celui qui le suit
lsp-builtin-distinct-xs = `list of T` : sans doublons, les premières occurrences gardées
lsp-builtin-all-distinct-xs = `bool` : aucun élément n'apparaît deux fois
lsp-builtin-union-a-b = `list of T` : les éléments de `a` puis ceux de `b`, sans doublons
lsp-builtin-intersection-a-b = `list of T` : les éléments de `a` qui sont dans `b`, dans l'ordre de `a`, sans doublons
lsp-builtin-difference-a-b = `list of T` : les éléments de `a` qui ne sont pas dans `b`, dans l'ordre de `a`, sans doublons
lsp-builtin-subset-a-b = `bool` : chaque élément de `a` est dans `b`
lsp-builtin-all-or-none-group-chosen = `bool` : `chosen` ne contient aucun élément de `group`, ou les contient tous
lsp-builtin-present-x = `bool` : `x` est présent
lsp-builtin-passed-code = `bool` : la règle ou le prérequis est respecté ou ne s'appliquait pas (E0201 sur un objectif)
lsp-builtin-all-rules-passed = `bool` : chaque règle et chaque prérequis de la version est respecté ou ne s'appliquait pas
lsp-builtin-achieved-code = `bool` : le `achieved when` de l'objectif est vrai (E0201 sur une règle, ou sur un objectif sans `achieved when`)
lsp-builtin-passed-x-achieved-x-with-x-a-code-computed-at-evaluation = `bool`, comme ci-dessus ; un code qui ne nomme aucune règle (un objectif), ou un objectif sans `achieved when`, est une erreur d'évaluation
lsp-builtin-keys-table = `list of K` : les clés des lignes d'une table, dans l'ordre (pas pour une table dont la clé est un intervalle)
# Corrections rapides
lsp-action-replace = remplacer par `{ $name }`
lsp-action-add-source = ajouter une ligne `source`
lsp-action-allow = autoriser `{ $lint }` ici (dites pourquoi)

# Erreurs d'évaluation (une politique est totale : ce sont les seules façons dont une évaluation s'arrête)
eval-error = erreur d'évaluation :
eval-help = aide :
eval-overflow = dépassement de capacité arithmétique
    .help = les nombres en jeu sont trop grands pour des décimaux exacts
eval-cannot-apply = `{ $op }` ne s'applique pas à ces valeurs
eval-division-by-zero = division par zéro
    .help = protéger la division par `if … then … else …`
eval-internal = erreur interne : la politique vérifiée et l'évaluateur ne sont pas d'accord
    .help = merci de le signaler avec la politique et le dossier
eval-too-many-steps = évaluation arrêtée après { $steps } étapes
    .help = un dossier peut prendre au plus { $steps } étapes (éléments des boucles et des intervalles, appels de fonctions) : une boucle dans une boucle sur des nombres du dossier, comme `sum(i in 1..n: sum(j in 1..n: …))`, peut en prendre davantage ; voir les limites de care (docs/limits.md)
eval-no-row = aucune ligne de la table `{ $table }` pour la clé `{ $key }`
    .help = ajouter une ligne pour cette clé, ou un intervalle ouvert comme `13..`
eval-range-too-long = l'intervalle `{ $start }..{ $end }` est trop long
    .help = un intervalle peut avoir au plus { $limit } éléments ici ; voir les limites de care (docs/limits.md)
