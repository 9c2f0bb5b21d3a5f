/* kamerqa.parsers._lines: a PDF page's characters grouped into text lines, compiled.
 *
 * This is layout.lines_from_chars (and _make_line, _without_stray_spaces) step for step,
 * and pdf_chars._page_chars for PDFium: the Python functions are the specification and the
 * fallback, and tests/test_fast_lines.py checks that both give the same lines on every page
 * of every real PDF. A change to one is a change to both.
 *
 * Why compiled: a page has thousands of characters, and per character the Python version
 * spends some 10 microseconds in dicts, sorts and ctypes calls; a year of documents is
 * millions of pages. Everything that needs Python's own semantics (round(), str.isalpha,
 * NFC composition, str.translate) is done with the same C-API calls Python itself makes or
 * by calling back into Python for the rare case.
 *
 * Functions:
 *   pdfium_page(textpage, functions, geometry, font_info) -> [line, ...]
 *       reads a PDFium text page through the function addresses the caller passes (from
 *       pypdfium2's ctypes bindings; nothing is linked here), then groups.
 *   dict_chars(chars, font_info) -> [line, ...]
 *       groups pdfplumber's character dicts.
 * A line is (text, x0, x1, top, bottom, size, font, bold, italic, (texts, numbers, styles))
 * in host-row order, unsorted; font is the index font_info gave; the last item is the
 * line's words packed as layout.Spans keeps them: texts is None when they are the text
 * split on " ", numbers holds x0, x1, size per word as doubles, styles 1 (bold) | 2
 * (italic) per word.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ characters */

enum { SCRIPT_NONE = 0, SCRIPT_SUPER = 1, SCRIPT_SUB = 2, SCRIPT_INLINE = 3 };

typedef struct {
    PyObject *text; /* owned */
    double size, rsize, x0, x1, top, bottom;
    int font;
    unsigned char bold, italic, space, script, combining; /* combining: index + 1 */
} Char;

typedef struct {
    Char *c;
    Py_ssize_t n, cap;
} Chars;

static void chars_free(Chars *cs) {
    for (Py_ssize_t i = 0; i < cs->n; i++) Py_XDECREF(cs->c[i].text);
    PyMem_Free(cs->c);
    cs->c = NULL;
    cs->n = cs->cap = 0;
}

static Char *chars_add(Chars *cs) {
    if (cs->n == cs->cap) {
        Py_ssize_t cap = cs->cap ? cs->cap * 2 : 1024;
        Char *c = PyMem_Realloc(cs->c, cap * sizeof(Char));
        if (!c) {
            PyErr_NoMemory();
            return NULL;
        }
        cs->c = c;
        cs->cap = cap;
    }
    Char *c = &cs->c[cs->n++];
    memset(c, 0, sizeof(Char));
    return c;
}

/* layout._COMBINING: spacing diacritics and the combining mark each becomes */
static const Py_UCS4 COMBINING_FROM[] = {0x00b8, 0x00b4, 0x0060, 0x00a8, 0x02c6, 0x005e,
                                         0x02dc, 0x007e, 0x02c7, 0x02d8, 0x02da, 0x02db,
                                         0x02d9, 0x02dd, 0x00af};
static const Py_UCS4 COMBINING_TO[] = {0x0327, 0x0301, 0x0300, 0x0308, 0x0302, 0x0302,
                                       0x0303, 0x0303, 0x030c, 0x0306, 0x030a, 0x0328,
                                       0x0307, 0x030b, 0x0304};
#define N_COMBINING ((int)(sizeof(COMBINING_FROM) / sizeof(COMBINING_FROM[0])))

/* round(size, 1) as Python computes it: correctly rounded to one decimal (glibc's printf
 * is exact, ties to even on the binary value), then read back */
static double round1(double x) {
    static double last_in = NAN, last_out = NAN;
    if (x == last_in) return last_out;
    if (!isfinite(x)) return x;
    char buf[64];
    snprintf(buf, sizeof buf, "%.1f", x);
    double r = strtod(buf, NULL);
    if (r == 0.0) r = copysign(0.0, x);
    last_in = x;
    last_out = r;
    return r;
}

/* the size, space and combining flags lines_from_chars derives per character */
static void char_derive(Char *c) {
    c->rsize = round1(c->size);
    Py_ssize_t len = PyUnicode_GET_LENGTH(c->text);
    int space = 1;
    for (Py_ssize_t i = 0; i < len; i++) {
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(c->text, i))) {
            space = 0;
            break;
        }
    }
    c->space = (unsigned char)space;
    c->combining = 0;
    if (len == 1) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(c->text, 0);
        for (int k = 0; k < N_COMBINING; k++)
            if (COMBINING_FROM[k] == ch) {
                c->combining = (unsigned char)(k + 1);
                break;
            }
    }
}

/* ------------------------------------------------------------------ fonts */

/* font_info(key) -> (index, descent_per_unit, bold, italic), cached per call by key */
typedef struct {
    intptr_t key;
    int index;
    double descent;
    unsigned char bold, italic;
} FontInfo;

typedef struct {
    FontInfo *f;
    int n, cap;
    PyObject *callback;
} Fonts;

static FontInfo *font_lookup(Fonts *fs, intptr_t key, PyObject *arg) {
    for (int i = fs->n - 1; i >= 0; i--)
        if (fs->f[i].key == key) return &fs->f[i];
    PyObject *r = PyObject_CallOneArg(fs->callback, arg);
    if (!r) return NULL;
    int index = 0, bold = 0, italic = 0;
    double descent = 0.0;
    if (!PyArg_ParseTuple(r, "idpp", &index, &descent, &bold, &italic)) {
        Py_DECREF(r);
        return NULL;
    }
    Py_DECREF(r);
    if (fs->n == fs->cap) {
        int cap = fs->cap ? fs->cap * 2 : 16;
        FontInfo *f = PyMem_Realloc(fs->f, cap * sizeof(FontInfo));
        if (!f) {
            PyErr_NoMemory();
            return NULL;
        }
        fs->f = f;
        fs->cap = cap;
    }
    FontInfo *fi = &fs->f[fs->n++];
    fi->key = key;
    fi->index = index;
    fi->descent = descent;
    fi->bold = (unsigned char)bold;
    fi->italic = (unsigned char)italic;
    return fi;
}

/* ------------------------------------------------------------------ int lists */

typedef struct {
    Py_ssize_t *v;
    Py_ssize_t n, cap;
} IntList;

static int il_push(IntList *l, Py_ssize_t x) {
    if (l->n == l->cap) {
        Py_ssize_t cap = l->cap ? l->cap * 2 : 16;
        Py_ssize_t *v = PyMem_Realloc(l->v, cap * sizeof(Py_ssize_t));
        if (!v) {
            PyErr_NoMemory();
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = x;
    return 0;
}

/* ------------------------------------------------------------------ rows */

typedef struct {
    IntList chars;
    double bottom, size;
    double *svals; /* rounded sizes in the order first seen, and their counts */
    Py_ssize_t *scounts;
    Py_ssize_t ns, scap;
    int has_dominant;
    double dominant;
    double box[4]; /* x0, x1, top, bottom */
    double reach[2];
} Row;

static void row_free(Row *r) {
    PyMem_Free(r->chars.v);
    PyMem_Free(r->svals);
    PyMem_Free(r->scounts);
}

/* _Row.count_size */
static int row_count_size(Row *r, double size) {
    Py_ssize_t k = -1, kd = -1;
    for (Py_ssize_t i = 0; i < r->ns; i++) {
        if (r->svals[i] == size) k = i;
        if (r->has_dominant && r->svals[i] == r->dominant) kd = i;
    }
    if (k < 0) {
        if (r->ns == r->scap) {
            Py_ssize_t cap = r->scap ? r->scap * 2 : 4;
            double *v = PyMem_Realloc(r->svals, cap * sizeof(double));
            if (!v) {
                PyErr_NoMemory();
                return -1;
            }
            r->svals = v;
            Py_ssize_t *c = PyMem_Realloc(r->scounts, cap * sizeof(Py_ssize_t));
            if (!c) {
                PyErr_NoMemory();
                return -1;
            }
            r->scounts = c;
            r->scap = cap;
        }
        k = r->ns++;
        r->svals[k] = size;
        r->scounts[k] = 0;
    }
    r->scounts[k]++;
    if (!r->has_dominant || (size != r->dominant && r->scounts[k] > r->scounts[kd])) {
        r->dominant = size;
        r->has_dominant = 1;
    } else if (size != r->dominant && r->scounts[k] == r->scounts[kd]) {
        Py_ssize_t best = 0; /* most_common(1): the first seen of the highest count */
        for (Py_ssize_t i = 1; i < r->ns; i++)
            if (r->scounts[i] > r->scounts[best]) best = i;
        r->dominant = r->svals[best];
    }
    r->size = r->dominant;
    return 0;
}

/* _Row.box: over the characters that are neither spaces nor scripts, else all */
static void row_box(Row *r, const Char *c) {
    int any = 0;
    for (Py_ssize_t pass = 0; pass < 2 && !any; pass++) {
        for (Py_ssize_t j = 0; j < r->chars.n; j++) {
            const Char *ch = &c[r->chars.v[j]];
            if (pass == 0 && (ch->space || ch->script)) continue;
            if (!any) {
                r->box[0] = ch->x0;
                r->box[1] = ch->x1;
                r->box[2] = ch->top;
                r->box[3] = ch->bottom;
                any = 1;
            } else {
                if (ch->x0 < r->box[0]) r->box[0] = ch->x0;
                if (ch->x1 > r->box[1]) r->box[1] = ch->x1;
                if (ch->top < r->box[2]) r->box[2] = ch->top;
                if (ch->bottom > r->box[3]) r->box[3] = ch->bottom;
            }
        }
    }
}

static int row_has_text(const Row *r, const Char *c) {
    for (Py_ssize_t j = 0; j < r->chars.n; j++)
        if (!c[r->chars.v[j]].space) return 1;
    return 0;
}

/* ------------------------------------------------------------------ sorting */

/* stable sorts of index arrays by keys held in file-level pointers (safe: the GIL is held
 * throughout, nothing here releases it; qsort is not stable: the index
 * breaks ties, which is what Python's stable sort of the same order gives) */
static const Char *sort_chars;
static const Py_ssize_t *sort_pos; /* position of each index in the original order */

/* a total order on doubles for qsort, which needs one (a damaged PDF can give NaN): NaN
 * after every number; on numbers the same as Python's < */
static inline int cmp_d(double a, double b) {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a == b) return 0;
    return isnan(a) - isnan(b);
}

static int cmp_bottom_x0(const void *a, const void *b) {
    Py_ssize_t i = *(const Py_ssize_t *)a, j = *(const Py_ssize_t *)b;
    const Char *ci = &sort_chars[i], *cj = &sort_chars[j];
    int c = cmp_d(ci->bottom, cj->bottom);
    if (c) return c;
    if ((c = cmp_d(ci->x0, cj->x0))) return c;
    return (i > j) - (i < j);
}

static int cmp_x0_pos(const void *a, const void *b) {
    Py_ssize_t i = *(const Py_ssize_t *)a, j = *(const Py_ssize_t *)b;
    const Char *ci = &sort_chars[i], *cj = &sort_chars[j];
    int c = cmp_d(ci->x0, cj->x0);
    if (c) return c;
    return (sort_pos[i] > sort_pos[j]) - (sort_pos[i] < sort_pos[j]);
}

static int cmp_x0_top_pos(const void *a, const void *b) {
    Py_ssize_t i = *(const Py_ssize_t *)a, j = *(const Py_ssize_t *)b;
    const Char *ci = &sort_chars[i], *cj = &sort_chars[j];
    int c = cmp_d(ci->x0, cj->x0);
    if (c) return c;
    if ((c = cmp_d(ci->top, cj->top))) return c;
    return (sort_pos[i] > sort_pos[j]) - (sort_pos[i] < sort_pos[j]);
}

static int cmp_row_size_desc(const void *a, const void *b) {
    const Row *ri = *(Row *const *)a, *rj = *(Row *const *)b;
    int c = cmp_d(-ri->size, -rj->size);
    if (c) return c;
    return (ri > rj) - (ri < rj); /* rows live in one array, in creation order */
}

/* ------------------------------------------------------------------ one line */

typedef struct {
    Py_ssize_t i;
    PyObject *text; /* owned: the character's text, or the composed one */
} Merged;

static PyObject *normalize_nfc; /* unicodedata.normalize, bound with "NFC" at import */
static PyObject *cid_from, *cid_to, *to_super, *to_sub;

static int text_last_isalpha(PyObject *t) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(t);
    return n > 0 && Py_UNICODE_ISALPHA(PyUnicode_READ_CHAR(t, n - 1));
}

/* the most common of values[0..n) (first seen on a tie), as layout._dominant; a span or
 * line has few distinct values, so a short list of them with counts */
#define DOMINANT(NAME, T)                                                       \
    static T NAME(const T *v, Py_ssize_t n) {                                   \
        T vals[16];                                                             \
        Py_ssize_t counts[16], nv = 0, best = -1;                               \
        for (Py_ssize_t i = 0; i < n; i++) {                                    \
            Py_ssize_t k = 0;                                                   \
            while (k < nv && vals[k] != v[i]) k++;                              \
            if (k == nv) {                                                      \
                if (nv == 16) return NAME##_slow(v, n);                         \
                vals[nv] = v[i];                                                \
                counts[nv++] = 0;                                               \
            }                                                                   \
            counts[k]++;                                                        \
        }                                                                       \
        for (Py_ssize_t k = 0; k < nv; k++)                                     \
            if (best < 0 || counts[k] > counts[best]) best = k;                 \
        return best < 0 ? (T)0 : vals[best];                                    \
    }

#define DOMINANT_SLOW(NAME, T)                                                  \
    static T NAME(const T *v, Py_ssize_t n) {                                   \
        Py_ssize_t best = -1, best_count = 0;                                   \
        for (Py_ssize_t i = 0; i < n; i++) {                                    \
            int seen = 0;                                                       \
            for (Py_ssize_t j = 0; j < i && !seen; j++) seen = v[j] == v[i];    \
            if (seen) continue;                                                 \
            Py_ssize_t count = 0;                                               \
            for (Py_ssize_t j = i; j < n; j++) count += v[j] == v[i];           \
            if (count > best_count) {                                           \
                best = i;                                                       \
                best_count = count;                                             \
            }                                                                   \
        }                                                                       \
        return best < 0 ? (T)0 : v[best];                                       \
    }

DOMINANT_SLOW(dominant_double_slow, double)
DOMINANT_SLOW(dominant_int_slow, int)
DOMINANT(dominant_double, double)
DOMINANT(dominant_int, int)

/* scratch buffers for the dominant values of one span or line */
typedef struct {
    double *d;
    int *f;
    Py_ssize_t cap;
} Scratch;

static int scratch_fit(Scratch *s, Py_ssize_t n) {
    if (n <= s->cap) return 0;
    double *d = PyMem_Realloc(s->d, n * sizeof(double));
    if (!d) return PyErr_NoMemory(), -1;
    s->d = d;
    int *f = PyMem_Realloc(s->f, n * sizeof(int));
    if (!f) return PyErr_NoMemory(), -1;
    s->f = f;
    s->cap = n;
    return 0;
}

/* the text a character adds to its word: the CID map, then super- or subscript digits */
static PyObject *char_piece(const Char *c, PyObject *text) {
    PyObject *t;
    int cmp = PyUnicode_Compare(text, cid_from);
    if (cmp == -1 && PyErr_Occurred()) return NULL;
    t = cmp == 0 ? cid_to : text;
    Py_INCREF(t);
    if (c->script == SCRIPT_SUPER || c->script == SCRIPT_SUB) {
        PyObject *r = PyObject_CallMethod(t, "translate", "O",
                                          c->script == SCRIPT_SUPER ? to_super : to_sub);
        Py_DECREF(t);
        return r;
    }
    return t;
}

/* layout._make_line for one host row; NULL with no error set when the row has no word */
static PyObject *make_line(Row *row, const Char *c, Py_ssize_t *pos, Scratch *sc) {
    Py_ssize_t n = row->chars.n;
    Py_ssize_t *order = PyMem_Malloc((n ? n : 1) * sizeof(Py_ssize_t));
    Merged *m = PyMem_Malloc((n ? n : 1) * sizeof(Merged));
    Merged *kept = PyMem_Malloc((n ? n : 1) * sizeof(Merged));
    PyObject *texts = NULL, *result = NULL;
    double *numbers = NULL; /* x0, x1, size of each word */
    unsigned char *styles = NULL; /* 1 bold, 2 italic, per word */
    Py_ssize_t nspans = 0;
    int split_ok = 1; /* the words are the line's text split on " " */
    Py_ssize_t nm = 0, nk = 0;
    if (!order || !m || !kept) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        order[j] = row->chars.v[j];
        pos[order[j]] = j;
    }
    sort_chars = c;
    sort_pos = pos;
    qsort(order, n, sizeof(Py_ssize_t), cmp_x0_top_pos);

    /* compose spacing diacritics printed over the previous letter */
    for (Py_ssize_t j = 0; j < n; j++) {
        const Char *ch = &c[order[j]];
        if (ch->combining && nm > 0 && text_last_isalpha(m[nm - 1].text) &&
            ch->x0 < c[m[nm - 1].i].x1 - 0.1) {
            Py_UCS4 mark = COMBINING_TO[ch->combining - 1];
            PyObject *mark_s = PyUnicode_FromOrdinal(mark);
            if (!mark_s) goto done;
            PyObject *joined = PyUnicode_Concat(m[nm - 1].text, mark_s);
            Py_DECREF(mark_s);
            if (!joined) goto done;
            PyObject *composed = PyObject_CallOneArg(normalize_nfc, joined);
            Py_DECREF(joined);
            if (!composed) goto done;
            Py_SETREF(m[nm - 1].text, composed);
            continue;
        }
        m[nm].i = order[j];
        m[nm].text = ch->text;
        Py_INCREF(ch->text);
        nm++;
    }

    /* _without_stray_spaces */
    for (Py_ssize_t j = 0; j < nm; j++) {
        const Char *ch = &c[m[j].i];
        int drop = 0;
        if (ch->space && fabs(ch->bottom - row->bottom) > 0.1 * row->size) {
            double half = (ch->x1 - ch->x0) / 2;
            if (half > 0) {
                for (int d = -1; d <= 1 && !drop; d += 2) {
                    Py_ssize_t k = j + d;
                    if (k < 0 || k >= nm) continue;
                    const Char *nb = &c[m[k].i];
                    double lo = nb->x1 < ch->x1 ? nb->x1 : ch->x1;
                    double hi = nb->x0 > ch->x0 ? nb->x0 : ch->x0;
                    if (!nb->space && lo - hi > half) drop = 1;
                }
            }
        }
        if (drop) {
            Py_CLEAR(m[j].text);
            continue;
        }
        kept[nk++] = m[j];
        m[j].text = NULL;
    }

    /* words */
    texts = PyList_New(0);
    numbers = PyMem_Malloc(3 * (nk ? nk : 1) * sizeof(double));
    styles = PyMem_Malloc(nk ? nk : 1);
    if (!texts || !numbers || !styles) {
        if (texts) PyErr_NoMemory();
        goto done;
    }
    if (scratch_fit(sc, nk ? nk : 1) < 0) goto done;
    Py_ssize_t start = -1; /* first kept index of the current word */
    const Char *prev = NULL;
    for (Py_ssize_t j = 0; j <= nk; j++) {
        const Char *ch = j < nk ? &c[kept[j].i] : NULL;
        int end_word = 0, begin = 0;
        if (ch == NULL) {
            end_word = start >= 0;
        } else if (ch->space) {
            end_word = start >= 0;
        } else {
            if (prev != NULL && start >= 0) {
                double size;
                if (!ch->script)
                    size = prev->size < ch->size ? prev->size : ch->size;
                else
                    size = prev->size;
                if (ch->x0 - prev->x1 > 0.15 * size && ch->script != SCRIPT_SUPER) end_word = 1;
            }
            begin = 1;
        }
        if (end_word) {
            /* the word kept[start..j): a space ends a word, so none is in it */
            PyObject *pieces = PyList_New(0);
            if (!pieces) goto done;
            double x0 = 0, x1 = 0;
            Py_ssize_t nb = 0, nw = 0, nbold = 0, nital = 0, nbody_all = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (Py_ssize_t k = start; k < j; k++) {
                    const Char *w = &c[kept[k].i];
                    if (pass == 0) {
                        PyObject *piece = char_piece(w, kept[k].text);
                        if (!piece || PyList_Append(pieces, piece) < 0) {
                            Py_XDECREF(piece);
                            Py_DECREF(pieces);
                            goto done;
                        }
                        Py_DECREF(piece);
                        if (nw == 0 || w->x0 < x0) x0 = w->x0;
                        if (nw == 0 || w->x1 > x1) x1 = w->x1;
                        nw++;
                        if (!w->script) nbody_all++;
                    } else if (!w->script || nbody_all == 0) {
                        sc->d[nb++] = w->rsize;
                        nbold += w->bold;
                        nital += w->italic;
                    }
                }
            }
            PyObject *empty = PyUnicode_New(0, 0);
            PyObject *wtext = empty ? PyUnicode_Join(empty, pieces) : NULL;
            Py_XDECREF(empty);
            Py_DECREF(pieces);
            if (!wtext) goto done;
            Py_ssize_t at = PyUnicode_FindChar(wtext, ' ', 0, PyUnicode_GET_LENGTH(wtext), 1);
            if (at == -2 || PyList_Append(texts, wtext) < 0) {
                Py_DECREF(wtext);
                goto done;
            }
            Py_DECREF(wtext);
            if (at >= 0) split_ok = 0;
            numbers[3 * nspans] = x0;
            numbers[3 * nspans + 1] = x1;
            numbers[3 * nspans + 2] = dominant_double(sc->d, nb);
            styles[nspans] = (unsigned char)((nbold * 2 >= nb ? 1 : 0) | (nital * 2 >= nb ? 2 : 0));
            nspans++;
            start = -1;
        }
        if (ch != NULL && ch->space) {
            prev = ch;
            continue;
        }
        if (begin) {
            if (start < 0) start = j;
            prev = ch;
        }
    }
    if (nspans == 0) goto done; /* no word: no line */

    /* the line: its body is the non-space characters that are not scripts, else all
       non-space characters */
    {
        Py_ssize_t nb = 0, nbold = 0, nital = 0;
        double x0 = 0, x1 = 0, top = 0, bottom = 0;
        for (int pass = 0; pass < 2 && nb == 0; pass++) {
            for (Py_ssize_t k = 0; k < nk; k++) {
                const Char *w = &c[kept[k].i];
                if (w->space || (pass == 0 && w->script)) continue;
                if (nb == 0 || w->x0 < x0) x0 = w->x0;
                if (nb == 0 || w->x1 > x1) x1 = w->x1;
                if (nb == 0 || w->top < top) top = w->top;
                if (nb == 0 || w->bottom > bottom) bottom = w->bottom;
                sc->d[nb] = w->rsize;
                sc->f[nb] = w->font;
                nbold += w->bold;
                nital += w->italic;
                nb++;
            }
        }
        PyObject *space = PyUnicode_FromString(" ");
        PyObject *text = space ? PyUnicode_Join(space, texts) : NULL;
        Py_XDECREF(space);
        if (!text) goto done;
        Py_ssize_t cid = PyUnicode_Find(text, cid_from, 0, PY_SSIZE_T_MAX, 1);
        if (cid == -2) {
            Py_DECREF(text);
            goto done;
        }
        if (cid >= 0) {
            PyObject *replaced = PyUnicode_Replace(text, cid_from, cid_to, -1);
            Py_DECREF(text);
            if (!replaced) goto done;
            text = replaced;
            split_ok = 0;
        }
        /* the words packed (layout.Spans): their texts only where splitting the line's
           text would not give them back */
        result = Py_BuildValue("(Nddddd" "iOO(Oy#y#))", text, x0, x1, top, bottom,
                               dominant_double(sc->d, nb), dominant_int(sc->f, nb),
                               nbold * 2 >= nb ? Py_True : Py_False,
                               nital * 2 >= nb ? Py_True : Py_False,
                               split_ok ? Py_None : texts, (const char *)numbers,
                               (Py_ssize_t)(3 * nspans * sizeof(double)), (const char *)styles,
                               nspans);
    }
done:
    if (m) {
        for (Py_ssize_t j = 0; j < nm; j++) Py_XDECREF(m[j].text);
    }
    if (kept) {
        for (Py_ssize_t j = 0; j < nk; j++) Py_XDECREF(kept[j].text);
    }
    PyMem_Free(order);
    PyMem_Free(m);
    PyMem_Free(kept);
    PyMem_Free(numbers);
    PyMem_Free(styles);
    Py_XDECREF(texts);
    return result;
}

/* ------------------------------------------------------------------ grouping */

/* layout.lines_from_chars on characters already filtered and derived */
static PyObject *group_lines(Chars *cs) {
    Py_ssize_t n = cs->n;
    Char *c = cs->c;
    PyObject *out = PyList_New(0);
    Py_ssize_t *order = NULL, *pos = NULL;
    Row *rows = NULL;
    Row **live = NULL, **hosts = NULL;
    Py_ssize_t nrows = 0, nlive = 0, nhosts = 0;
    Scratch sc = {0};
    if (!out || n == 0) return out;
    order = PyMem_Malloc(n * sizeof(Py_ssize_t));
    pos = PyMem_Malloc(n * sizeof(Py_ssize_t));
    rows = PyMem_Calloc(n, sizeof(Row)); /* at most one row per character */
    live = PyMem_Malloc(n * sizeof(Row *));
    hosts = PyMem_Malloc(n * sizeof(Row *));
    if (!order || !pos || !rows || !live || !hosts) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) order[i] = i;
    sort_chars = c;
    qsort(order, n, sizeof(Py_ssize_t), cmp_bottom_x0);

    /* 1. rows by baseline and similar size */
    for (Py_ssize_t k = 0; k < n; k++) {
        Char *ch = &c[order[k]];
        Row *best = NULL;
        Py_ssize_t first = nrows > 12 ? nrows - 12 : 0;
        for (Py_ssize_t r = nrows - 1; r >= first; r--) {
            Row *row = &rows[r];
            double ratio = row->size != 0.0 ? ch->size / row->size : 1.0;
            double tol = 0.3 * (row->size < ch->size ? row->size : ch->size);
            if (fabs(row->bottom - ch->bottom) <= tol && 0.8 <= ratio && ratio <= 1.25) {
                best = row;
                break;
            }
        }
        if (best == NULL) {
            best = &rows[nrows++];
            best->bottom = ch->bottom;
            best->size = ch->size;
        }
        if (il_push(&best->chars, order[k]) < 0) goto fail;
        if (!ch->space && row_count_size(best, ch->rsize) < 0) goto fail;
    }
    for (Py_ssize_t r = 0; r < nrows; r++)
        if (row_has_text(&rows[r], c)) live[nlive++] = &rows[r];

    /* 2. fold scripts into bigger rows, biggest rows first */
    qsort(live, nlive, sizeof(Row *), cmp_row_size_desc);
    for (Py_ssize_t r = 0; r < nlive; r++) {
        Row *row = live[r];
        Py_ssize_t nc = row->chars.n;
        for (Py_ssize_t j = 0; j < nc; j++) pos[row->chars.v[j]] = j;
        sort_chars = c;
        sort_pos = pos;
        qsort(row->chars.v, nc, sizeof(Py_ssize_t), cmp_x0_pos);
        Py_ssize_t nkeep = 0;
        for (Py_ssize_t j = 0; j < nc; j++) {
            Py_ssize_t ci = row->chars.v[j];
            Char *ch = &c[ci];
            double mid = (ch->top + ch->bottom) / 2;
            Row *host = NULL;
            for (Py_ssize_t h = 0; h < nhosts; h++) {
                Row *hr = hosts[h];
                if (ch->size >= 0.85 * hr->size) break;
                if (hr->box[2] <= mid && mid <= hr->box[3] && hr->reach[0] - hr->size <= ch->x1 &&
                    ch->x0 <= hr->reach[1] + hr->size) {
                    if (host == NULL || hr->size > host->size) host = hr;
                }
            }
            if (host == NULL) {
                row->chars.v[nkeep++] = ci; /* in place: nkeep <= j */
                continue;
            }
            if (ch->x0 < host->reach[0]) host->reach[0] = ch->x0;
            if (ch->x1 > host->reach[1]) host->reach[1] = ch->x1;
            double hbottom = host->box[3];
            if (ch->bottom < hbottom - 0.2 * host->size)
                ch->script = SCRIPT_SUPER;
            else if (ch->bottom > hbottom + 0.1 * host->size)
                ch->script = SCRIPT_SUB;
            else
                ch->script = SCRIPT_INLINE;
            if (il_push(&host->chars, ci) < 0) goto fail;
        }
        row->chars.n = nkeep;
        if (row_has_text(row, c)) {
            hosts[nhosts++] = row;
            row_box(row, c);
            row->reach[0] = row->box[0];
            row->reach[1] = row->box[1];
        }
    }

    /* 3. one line per host row */
    for (Py_ssize_t h = 0; h < nhosts; h++) {
        PyObject *line = make_line(hosts[h], c, pos, &sc);
        if (line == NULL) {
            if (PyErr_Occurred()) goto fail;
            continue;
        }
        int rc = PyList_Append(out, line);
        Py_DECREF(line);
        if (rc < 0) goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    if (rows)
        for (Py_ssize_t r = 0; r < nrows; r++) row_free(&rows[r]);
    PyMem_Free(rows);
    PyMem_Free(order);
    PyMem_Free(pos);
    PyMem_Free(live);
    PyMem_Free(hosts);
    PyMem_Free(sc.d);
    PyMem_Free(sc.f);
    return out;
}

/* ------------------------------------------------------------------ pdfplumber dicts */

static int dict_double(PyObject *d, PyObject *key, double *out, int *present) {
    PyObject *v = PyDict_GetItemWithError(d, key);
    if (v == NULL) {
        if (PyErr_Occurred()) return -1;
        *present = 0;
        return 0;
    }
    *present = v != Py_None;
    if (!*present) return 0;
    *out = PyFloat_AsDouble(v);
    if (*out == -1.0 && PyErr_Occurred()) return -1;
    return 0;
}

static PyObject *k_text, *k_upright, *k_size, *k_x0, *k_x1, *k_top, *k_bottom, *k_fontname;

static PyObject *dict_chars(PyObject *self, PyObject *args) {
    PyObject *list, *callback;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &callback)) return NULL;
    Chars cs = {0};
    PyObject *out = NULL, *last_key = NULL;
    FontInfo last = {0};
    PyObject *seen = PyDict_New(); /* font name -> font_info's answer */
    if (!seen) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *d = PyList_GET_ITEM(list, i);
        if (!PyDict_Check(d)) {
            PyErr_SetString(PyExc_TypeError, "a character must be a dict");
            goto done;
        }
        PyObject *text = PyDict_GetItemWithError(d, k_text);
        if (text == NULL && PyErr_Occurred()) goto done;
        if (text == NULL || text == Py_None) continue;
        PyObject *upright = PyDict_GetItemWithError(d, k_upright);
        if (upright == NULL && PyErr_Occurred()) goto done;
        if (upright != NULL) {
            int t = PyObject_IsTrue(upright);
            if (t < 0) goto done;
            if (!t) continue;
        }
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "a character's text must be a str");
            goto done;
        }
        Char *ch = chars_add(&cs);
        if (!ch) goto done;
        ch->text = text;
        Py_INCREF(text);
        int p_size = 0, p = 0;
        double size = 0;
        if (dict_double(d, k_size, &size, &p_size) < 0 || dict_double(d, k_x0, &ch->x0, &p) < 0 ||
            dict_double(d, k_x1, &ch->x1, &p) < 0 || dict_double(d, k_top, &ch->top, &p) < 0 ||
            dict_double(d, k_bottom, &ch->bottom, &p) < 0)
            goto done;
        /* float(size or (bottom - top) or 1.0) */
        if (!p_size || size == 0.0) size = ch->bottom - ch->top;
        if (size == 0.0) size = 1.0;
        ch->size = size;
        PyObject *fontname = PyDict_GetItemWithError(d, k_fontname);
        if (fontname == NULL && PyErr_Occurred()) goto done;
        PyObject *key = fontname ? fontname : Py_None;
        if (key != last_key) { /* a font's characters mostly come one after another */
            PyObject *info = PyDict_GetItemWithError(seen, key);
            if (info == NULL) {
                if (PyErr_Occurred()) goto done;
                info = PyObject_CallOneArg(callback, key);
                if (!info) goto done;
                int rc = PyDict_SetItem(seen, key, info);
                Py_DECREF(info); /* the dict holds it */
                if (rc < 0) goto done;
            }
            double unused;
            int bold = 0, italic = 0;
            if (!PyArg_ParseTuple(info, "idpp", &last.index, &unused, &bold, &italic)) goto done;
            last.bold = (unsigned char)bold;
            last.italic = (unsigned char)italic;
            last_key = key;
        }
        ch->font = last.index;
        ch->bold = last.bold;
        ch->italic = last.italic;
        char_derive(ch);
    }
    out = group_lines(&cs);
done:
    chars_free(&cs);
    Py_DECREF(seen);
    return out;
}

/* ------------------------------------------------------------------ PDFium */

typedef void *VP;
typedef int (*f_count_chars)(VP);
typedef int (*f_get_text)(VP, int, int, unsigned short *);
typedef unsigned int (*f_get_unicode)(VP, int);
typedef VP (*f_text_object)(VP, int);
typedef int (*f_char_origin)(VP, int, double *, double *);
typedef int (*f_loose_box)(VP, int, float *);
typedef int (*f_matrix)(VP, int, float *);
typedef double (*f_font_size)(VP, int);
typedef VP (*f_object_font)(VP);
typedef int (*f_glyph_width)(VP, uint32_t, float, float *);

/* advance widths per unit of font size, by (font, character), for one page */
typedef struct {
    intptr_t font;
    Py_UCS4 ch;
    int used;
    double width;
} WidthSlot;

typedef struct {
    WidthSlot *s;
    size_t cap, n;
} Widths;

static size_t width_hash(intptr_t font, Py_UCS4 ch, size_t cap) {
    uint64_t h = (uint64_t)font * 0x9E3779B97F4A7C15ull ^ ((uint64_t)ch * 0xC2B2AE3D27D4EB4Full);
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static WidthSlot *width_slot(Widths *w, intptr_t font, Py_UCS4 ch) {
    if ((w->n + 1) * 2 > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        WidthSlot *s = PyMem_Calloc(cap, sizeof(WidthSlot));
        if (!s) return PyErr_NoMemory(), NULL;
        for (size_t i = 0; i < w->cap; i++) {
            if (!w->s[i].used) continue;
            size_t k = width_hash(w->s[i].font, w->s[i].ch, cap);
            while (s[k].used) k = (k + 1) & (cap - 1);
            s[k] = w->s[i];
        }
        PyMem_Free(w->s);
        w->s = s;
        w->cap = cap;
    }
    size_t k = width_hash(font, ch, w->cap);
    while (w->s[k].used && !(w->s[k].font == font && w->s[k].ch == ch)) k = (k + 1) & (w->cap - 1);
    return &w->s[k];
}

static PyObject *pdfium_page(PyObject *self, PyObject *args) {
    unsigned long long tp_addr;
    PyObject *functions, *callback;
    double ca, cb, cc, cd, ce, cf, x_shift, y_shift, height;
    if (!PyArg_ParseTuple(args, "KO!(ddddddddd)O", &tp_addr, &PyTuple_Type, &functions, &ca, &cb,
                          &cc, &cd, &ce, &cf, &x_shift, &y_shift, &height, &callback))
        return NULL;
    if (PyTuple_GET_SIZE(functions) != 10) {
        PyErr_SetString(PyExc_ValueError, "ten PDFium function addresses expected");
        return NULL;
    }
    void *fn[10];
    for (int k = 0; k < 10; k++) {
        fn[k] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(functions, k));
        if (fn[k] == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a PDFium function address is 0");
            return NULL;
        }
    }
    f_count_chars count_chars = (f_count_chars)fn[0];
    f_get_text get_text = (f_get_text)fn[1];
    f_get_unicode get_unicode = (f_get_unicode)fn[2];
    f_text_object text_object = (f_text_object)fn[3];
    f_char_origin char_origin = (f_char_origin)fn[4];
    f_loose_box loose_box = (f_loose_box)fn[5];
    f_matrix get_matrix = (f_matrix)fn[6];
    f_font_size font_size = (f_font_size)fn[7];
    f_object_font object_font = (f_object_font)fn[8];
    f_glyph_width glyph_width = (f_glyph_width)fn[9];

    VP tp = (VP)(uintptr_t)tp_addr;
    Chars cs = {0};
    Fonts fs = {0};
    Widths ws = {0};
    fs.callback = callback;
    PyObject *out = NULL;
    unsigned short *buffer = NULL;
    Py_UCS4 *text = NULL;
    int count = count_chars(tp);
    if (count > 0) {
        buffer = PyMem_Malloc((size_t)(count + 1) * sizeof(unsigned short));
        text = PyMem_Malloc((size_t)count * sizeof(Py_UCS4));
        if (!buffer || !text) {
            PyErr_NoMemory();
            goto done;
        }
        int written = get_text(tp, 0, count, buffer);
        int units = written - 1 > 0 ? written - 1 : 0;
        /* as pdf_chars: the UTF-16 text decoded with "replace"; per character through
           GetUnicode when that does not give one character per index (a surrogate pair) */
        int per_char = units != count;
        for (int i = 0; i < units - 1 && !per_char; i++)
            if (buffer[i] >= 0xD800 && buffer[i] < 0xDC00 && buffer[i + 1] >= 0xDC00 &&
                buffer[i + 1] < 0xE000)
                per_char = 1;
        for (int i = 0; i < count; i++) {
            if (per_char) {
                Py_UCS4 u = get_unicode(tp, i);
                text[i] = u > 0x10FFFF ? 0xFFFD : u;
            } else {
                unsigned short u = buffer[i];
                text[i] = (u >= 0xD800 && u < 0xE000) ? 0xFFFD : u;
            }
        }
    }

    double ox = 0, oy = 0;
    float rect[4] = {0, 0, 0, 0}, matrix[6] = {0, 0, 0, 0, 0, 0};
    VP last_obj = NULL;
    FontInfo style_font = {0};
    intptr_t font = 0;
    double descent = 0, size = 0, a = 0, b = 0, c = 0, d = 0;
    int upright = 0;
    for (int i = 0; i < count; i++) {
        VP obj = text_object(tp, i);
        if (!obj) continue; /* a space or line break PDFium made up */
        if (obj != last_obj) {
            last_obj = obj;
            VP handle = object_font(obj);
            PyObject *key = PyLong_FromVoidPtr(handle);
            if (!key) goto done;
            FontInfo *fi = font_lookup(&fs, (intptr_t)handle, key);
            Py_DECREF(key);
            if (!fi) goto done;
            style_font = *fi;
            font = handle ? (intptr_t)handle : 0;
            get_matrix(tp, i, matrix);
            double ma = matrix[0], mb = matrix[1], mc = matrix[2], md = matrix[3];
            a = ma * ca + mb * cc;
            b = ma * cb + mb * cd;
            c = mc * ca + md * cc;
            d = mc * cb + md * cd;
            size = font_size(tp, i);
            upright = a * d > 0 && b * c <= 0;
            descent = style_font.descent * size;
        }
        char_origin(tp, i, &ox, &oy);
        double x = ox, y = oy;
        double tx = ca * x + cc * y + ce, ty = cb * x + cd * y + cf;
        Py_UCS4 ch = text[i];
        if (ch == 0xFFFE) ch = '-';
        else if (ch == 0) ch = 0xFFFF;
        WidthSlot *slot = width_slot(&ws, font, ch);
        if (!slot) goto done;
        if (!slot->used) {
            float gw = 0;
            double unit;
            if (font && glyph_width((VP)font, (uint32_t)ch, 1.0f, &gw) && gw != 0.0f) {
                unit = gw;
            } else { /* no way back from the Unicode to the glyph: PDFium's own box */
                loose_box(tp, i, rect);
                double scale = fabs(a) * size;
                unit = ((double)rect[2] - (double)rect[0]) / (scale != 0.0 ? scale : 1.0);
            }
            slot->used = 1;
            slot->font = font;
            slot->ch = ch;
            slot->width = unit;
            ws.n++;
        }
        if (!upright) continue; /* turned text: lines_from_chars leaves it out */
        double advance = slot->width * size * fabs(a);
        double x0, x1, y0, y1, glyph_size;
        if (b == 0 && c == 0) {
            x0 = tx;
            x1 = a > 0 ? tx + advance : tx - advance;
            y0 = ty + descent * d;
            y1 = ty + (descent + size) * d;
            if (y1 < y0) {
                double t = y0;
                y0 = y1;
                y1 = t;
            }
            if (x1 < x0) {
                double t = x0;
                x0 = x1;
                x1 = t;
            }
            glyph_size = y1 - y0;
        } else {
            x0 = tx;
            x1 = tx + advance;
            y0 = ty;
            y1 = ty + size;
            glyph_size = size;
        }
        Char *cc_ = chars_add(&cs);
        if (!cc_) goto done;
        cc_->text = PyUnicode_FromOrdinal(ch);
        if (!cc_->text) goto done;
        cc_->x0 = x0 + x_shift;
        cc_->x1 = x1 + x_shift;
        cc_->top = height - y1 - y_shift;
        cc_->bottom = height - y0 - y_shift;
        double s = glyph_size;
        if (s == 0.0) s = cc_->bottom - cc_->top;
        if (s == 0.0) s = 1.0;
        cc_->size = s;
        cc_->font = style_font.index;
        cc_->bold = style_font.bold;
        cc_->italic = style_font.italic;
        char_derive(cc_);
    }
    out = group_lines(&cs);
done:
    chars_free(&cs);
    PyMem_Free(fs.f);
    PyMem_Free(ws.s);
    PyMem_Free(buffer);
    PyMem_Free(text);
    return out;
}

/* ------------------------------------------------------------------ module */

static PyMethodDef methods[] = {
    {"pdfium_page", pdfium_page, METH_VARARGS,
     "pdfium_page(textpage, functions, geometry, font_info) -> lines of one PDFium text page"},
    {"dict_chars", dict_chars, METH_VARARGS,
     "dict_chars(chars, font_info) -> lines of one page of pdfplumber character dicts"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lines", NULL, -1, methods};

PyMODINIT_FUNC PyInit__lines(void) {
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    PyObject *unicodedata = PyImport_ImportModule("unicodedata");
    PyObject *functools = PyImport_ImportModule("functools");
    if (!unicodedata || !functools) goto fail;
    PyObject *normalize = PyObject_GetAttrString(unicodedata, "normalize");
    if (!normalize) goto fail;
    normalize_nfc = PyObject_CallMethod(functools, "partial", "Os", normalize, "NFC");
    Py_DECREF(normalize);
    Py_CLEAR(unicodedata);
    Py_CLEAR(functools);
    if (!normalize_nfc) goto fail;
    cid_from = PyUnicode_FromString("(cid:129)");
    cid_to = PyUnicode_FromString("\xe2\x80\xa2"); /* bullet */
    to_super = Py_BuildValue("{i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i}", '0', 0x2070, '1', 0xB9,
                             '2', 0xB2, '3', 0xB3, '4', 0x2074, '5', 0x2075, '6', 0x2076, '7',
                             0x2077, '8', 0x2078, '9', 0x2079);
    to_sub = Py_BuildValue("{i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i}", '0', 0x2080, '1', 0x2081,
                           '2', 0x2082, '3', 0x2083, '4', 0x2084, '5', 0x2085, '6', 0x2086, '7',
                           0x2087, '8', 0x2088, '9', 0x2089);
    k_text = PyUnicode_InternFromString("text");
    k_upright = PyUnicode_InternFromString("upright");
    k_size = PyUnicode_InternFromString("size");
    k_x0 = PyUnicode_InternFromString("x0");
    k_x1 = PyUnicode_InternFromString("x1");
    k_top = PyUnicode_InternFromString("top");
    k_bottom = PyUnicode_InternFromString("bottom");
    k_fontname = PyUnicode_InternFromString("fontname");
    if (!cid_from || !cid_to || !to_super || !to_sub || !k_text || !k_upright || !k_size ||
        !k_x0 || !k_x1 || !k_top || !k_bottom || !k_fontname)
        goto fail;
    return m;
fail:
    Py_XDECREF(unicodedata);
    Py_XDECREF(functools);
    Py_DECREF(m);
    return NULL;
}
