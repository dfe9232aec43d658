/* lws-tokenize.h: a tokenizer for header values and similar texts, and
 * lws_strexp, a streaming ${name} expander.  Types and prototypes come from
 * Rust (src/api/tokenize.rs) via the generated header; this file adds the
 * flags and the enums Rust cannot express (duplicate or anonymous
 * members). */

#ifndef LWS_RS_TOKENIZE_H
#define LWS_RS_TOKENIZE_H

/* lws_tokenize_init() flags */
#define LWS_TOKENIZE_F_MINUS_NONTERM	(1 << 0)  /* '-' is token content */
#define LWS_TOKENIZE_F_AGG_COLON	(1 << 1)  /* "name:" is one element */
#define LWS_TOKENIZE_F_COMMA_SEP_LIST	(1 << 2)  /* enforce a comma list */
#define LWS_TOKENIZE_F_RFC7230_DELIMS	(1 << 3)  /* only RFC7230 delimiters */
#define LWS_TOKENIZE_F_DOT_NONTERM	(1 << 4)  /* '.' is token content */
#define LWS_TOKENIZE_F_NO_FLOATS	(1 << 5)
#define LWS_TOKENIZE_F_NO_INTEGERS	(1 << 6)
#define LWS_TOKENIZE_F_HASH_COMMENT	(1 << 7)  /* '#' to end of line ignored */
#define LWS_TOKENIZE_F_SLASH_NONTERM	(1 << 8)  /* '/' is token content */

/* What lws_tokenize() found (negative: an error). */
typedef enum lws_tokenize_elem {
	LWS_TOKZE_ERRS = 5,

	LWS_TOKZE_ERR_BROKEN_UTF8 = -5,
	LWS_TOKZE_ERR_UNTERM_STRING = -4,
	LWS_TOKZE_ERR_MALFORMED_FLOAT = -3,
	LWS_TOKZE_ERR_NUM_ON_LHS = -2,
	LWS_TOKZE_ERR_COMMA_LIST = -1,

	LWS_TOKZE_ENDED = 0,
	LWS_TOKZE_DELIMITER,
	LWS_TOKZE_TOKEN,
	LWS_TOKZE_INTEGER,
	LWS_TOKZE_FLOAT,
	LWS_TOKZE_TOKEN_NAME_EQUALS,
	LWS_TOKZE_TOKEN_NAME_COLON,
	LWS_TOKZE_QUOTED_STRING,
} lws_tokenize_elem;

/* lws_strexp_expand() and expansion callback results */
enum {
	LSTRX_DONE,
	LSTRX_FILLED_OUT,
	LSTRX_FATAL_NAME_TOO_LONG = -1,
	LSTRX_FATAL_NAME_UNKNOWN = -2,
};

#include <libwebsockets/gen/lws-tokenize.h>


#endif /* LWS_RS_TOKENIZE_H */
