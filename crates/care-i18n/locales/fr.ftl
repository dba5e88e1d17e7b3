# Le catalogue des messages de care, en français : une entrée par code de diagnostic, par message
# précis (`CODE-quoi`) et par erreur de données, comme en.ftl, avec les mêmes arguments.

## Syntaxe
E0001 = erreur de syntaxe
E0001-unexpected = `{ $found }` inattendu
    .label = attendu : { $expected }
E0001-french-keyword = `{ $found }` inattendu
    .label = attendu : { $expected }
    .help = `{ $word }` est un mot français : les mots-clés de care sont anglais : `{ $english }` (`si … alors … sinon` s'écrit `if … then … else`, `et` s'écrit `and`, `ou` s'écrit `or`, `non` s'écrit `not`)
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
    .help = `{ $found }` est un mot français : les mots-clés de care sont anglais : `{ $english }` (`si … alors … sinon` s'écrit `if … then … else`, `et` s'écrit `and`, `ou` s'écrit `or`, `non` s'écrit `not`)
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
E0201-condition = { $what } doit être une condition (`bool`), pas `{ $found }`
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
E0306 = politique ou règle incomplète
E0306-no-timezone = la politique `{ $id }` ne déclare pas de fuseau horaire
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
E0317 = identifiant ou décision qui n'est pas un champ texte ou une sortie booléenne
E0318 = date de référence qui n'est pas un champ de l'entrée

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
W0002 = module orphelin (orphan_module)
W0002-orphan = aucune version n'inclut ce fichier
    .label = non vérifié : ni en-tête de politique, ni inclus
    .help = incluez-le depuis une version (`include "fichier.care"`), ou commencez-le par un en-tête `policy`
W0003 = annotation inutile (unused_allow)
W0004 = plafond jamais atteint (cap_never_binds)
W0005 = caractère invisible (invisible_character)

## Aides communes à plusieurs messages
help-did-you-mean = vouliez-vous dire `{ $name }` ?
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
