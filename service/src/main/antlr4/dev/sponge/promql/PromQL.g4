/*
 * PromQL, as Prometheus' query language reference and its parser describe it: operator
 * precedence (highest first) ^ (right-associative), unary + and -, * / % atan2, + -,
 * comparisons, and unless, or; postfix range, subquery, offset and @ bind tightest.
 * Semantic checks (types, function names and arities, what a range may follow) are made
 * on the tree by PromQLParsing, which names the position of each problem.
 */
grammar PromQL;

query
    : expr EOF
    ;

expr
    : expr postfix                                              # postfixExpr
    | <assoc=right> expr op=POW binModifiers expr               # binaryExpr
    | op=(ADD | SUB) expr                                       # unaryExpr
    | expr op=(MUL | DIV | MOD | ATAN2) binModifiers expr       # binaryExpr
    | expr op=(ADD | SUB) binModifiers expr                     # binaryExpr
    | expr op=(EQLC | NEQ | GTR | LSS | GTE | LTE) binModifiers expr # binaryExpr
    | expr op=(AND | UNLESS) binModifiers expr                  # binaryExpr
    | expr op=OR binModifiers expr                              # binaryExpr
    | primary                                                   # primaryExpr
    ;

postfix
    : LEFT_BRACKET DURATION RIGHT_BRACKET                       # rangePostfix
    | LEFT_BRACKET range=DURATION COLON step=DURATION? RIGHT_BRACKET # subqueryPostfix
    | OFFSET neg=SUB? DURATION                                  # offsetPostfix
    | AT atTime                                                 # atPostfix
    ;

atTime
    : sign=(ADD | SUB)? NUMBER
    | START LEFT_PAREN RIGHT_PAREN
    | END LEFT_PAREN RIGHT_PAREN
    ;

binModifiers
    : BOOL? (matchKind=(ON | IGNORING) labelList (groupKind=(GROUP_LEFT | GROUP_RIGHT) labelList?)?)?
    ;

primary
    : NUMBER                                                    # numberLiteral
    | STRING                                                    # stringLiteral
    | LEFT_PAREN expr RIGHT_PAREN                               # parenExpr
    | aggregation                                               # aggregationExpr
    | IDENTIFIER LEFT_PAREN (expr (COMMA expr)*)? COMMA? RIGHT_PAREN # functionCall
    | vectorSelector                                            # selectorExpr
    ;

aggregation
    : AGGREGATION_OP grouping LEFT_PAREN arguments RIGHT_PAREN
    | AGGREGATION_OP LEFT_PAREN arguments RIGHT_PAREN grouping?
    ;

arguments
    : expr (COMMA expr)* COMMA?
    ;

grouping
    : (BY | WITHOUT) labelList
    ;

labelList
    : LEFT_PAREN (labelName (COMMA labelName)* COMMA?)? RIGHT_PAREN
    ;

vectorSelector
    : metricName (LEFT_BRACE labelMatchers? RIGHT_BRACE)?
    | LEFT_BRACE labelMatchers RIGHT_BRACE
    ;

metricName
    : IDENTIFIER
    ;

labelMatchers
    : labelMatcher (COMMA labelMatcher)* COMMA?
    ;

labelMatcher
    : (labelName | name=STRING) op=(EQL | NEQ | EQL_REGEX | NEQ_REGEX) STRING
    | STRING
    ;

labelName
    : IDENTIFIER
    | keyword
    | AGGREGATION_OP
    ;

keyword
    : AND | OR | UNLESS | ATAN2 | BY | WITHOUT | ON | IGNORING | GROUP_LEFT | GROUP_RIGHT | OFFSET | BOOL | START | END
    ;

// Keywords are case-insensitive in PromQL, as are Inf and NaN.
AND: A N D;
OR: O R;
UNLESS: U N L E S S;
ATAN2: A T A N '2';
BY: B Y;
WITHOUT: W I T H O U T;
ON: O N;
IGNORING: I G N O R I N G;
GROUP_LEFT: G R O U P '_' L E F T;
GROUP_RIGHT: G R O U P '_' R I G H T;
OFFSET: O F F S E T;
BOOL: B O O L;
START: S T A R T;
END: E N D;

AGGREGATION_OP
    : S U M | A V G | M I N | M A X | C O U N T | S T D D E V | S T D V A R | T O P K | B O T T O M K
    | Q U A N T I L E | C O U N T '_' V A L U E S | G R O U P
    ;

DURATION: ([0-9]+ ('ms' | [smhdwy]))+;

NUMBER
    : [0-9]+ ('.' [0-9]*)? ([eE] [+-]? [0-9]+)?
    | '.' [0-9]+ ([eE] [+-]? [0-9]+)?
    | '0' [xX] [0-9a-fA-F]+
    | I N F
    | N A N
    ;

STRING
    : '"' (~["\\\n] | '\\' .)* '"'
    | '\'' (~['\\\n] | '\\' .)* '\''
    | '`' ~[`]* '`'
    ;

// A name may hold colons but not start with one here, so that a subquery's [5m:1m] reads
// as a colon; {":name"} selects such a metric.
IDENTIFIER: [a-zA-Z_] [a-zA-Z0-9_:]*;

COLON: ':';

LEFT_PAREN: '(';
RIGHT_PAREN: ')';
LEFT_BRACE: '{';
RIGHT_BRACE: '}';
LEFT_BRACKET: '[';
RIGHT_BRACKET: ']';
COMMA: ',';
AT: '@';

POW: '^';
MUL: '*';
DIV: '/';
MOD: '%';
ADD: '+';
SUB: '-';
EQL_REGEX: '=~';
NEQ_REGEX: '!~';
EQLC: '==';
EQL: '=';
NEQ: '!=';
GTE: '>=';
LTE: '<=';
GTR: '>';
LSS: '<';

COMMENT: '#' ~[\r\n]* -> skip;
WS: [ \t\r\n]+ -> skip;

fragment A: [aA]; fragment B: [bB]; fragment C: [cC]; fragment D: [dD]; fragment E: [eE];
fragment F: [fF]; fragment G: [gG]; fragment H: [hH]; fragment I: [iI]; fragment L: [lL];
fragment M: [mM]; fragment N: [nN]; fragment O: [oO]; fragment P: [pP]; fragment Q: [qQ];
fragment R: [rR]; fragment S: [sS]; fragment T: [tT]; fragment U: [uU]; fragment V: [vV];
fragment W: [wW]; fragment X: [xX]; fragment Y: [yY]; fragment K: [kK];
