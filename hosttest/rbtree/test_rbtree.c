// SPDX-License-Identifier: MIT
/*
 * Host tests of kernel/lib/rbtree: every operation against a sorted-array
 * model, rb_check after every change, the height bound, and rb_check
 * catching each kind of corruption.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hosttest/support/hosttest.h"
#include "kernel/lib/rbtree.h"

struct item {
	struct rb_node node;
	int key;
	int seq; /* order of insertion, for stability */
};

static struct item *item_of(const struct rb_node *n)
{
	return rb_entry(n, struct item, node);
}

static bool item_less(const struct rb_node *a, const struct rb_node *b)
{
	return item_of(a)->key < item_of(b)->key;
}

/* Also orders equal keys by insertion: what rb_add promises. */
static bool item_less_stable(const struct rb_node *a, const struct rb_node *b)
{
	const struct item *x = item_of(a), *y = item_of(b);

	return x->key < y->key || (x->key == y->key && x->seq < y->seq);
}

static int item_cmp(const void *key, const struct rb_node *n)
{
	int k = *(const int *)key;

	return (k > item_of(n)->key) - (k < item_of(n)->key);
}

static uint64_t rng_state;

static uint32_t rnd(void)
{
	return (uint32_t)(xorshift64(&rng_state) >> 16);
}

/* Depth of the deepest node (root = 1), walking up from every node. */
static int tree_height(const struct rb_root *root)
{
	int height = 0;

	for (struct rb_node *n = rb_first(root); n; n = rb_next(n)) {
		int d = 0;

		for (const struct rb_node *p = n; p; p = rb_parent(p))
			d++;
		if (d > height)
			height = d;
	}
	return height;
}

/* The tree holds exactly @model[0..n) (sorted, stable), both ways. */
static void assert_matches(const struct rb_root_cached *root,
			   struct item **model, size_t n)
{
	size_t count = 0, i = 0;
	int bh = rb_check_cached(root, item_less_stable, &count);
	struct rb_node *node;

	assert_true(bh >= 0);
	assert_int_equal(count, n);
	/* A valid tree of black height bh has at least 2^bh - 1 nodes. */
	assert_true(bh < 63 && (1ULL << bh) - 1 <= n);
	for (node = rb_first(&root->rb_root); node; node = rb_next(node))
		assert_ptr_equal(item_of(node), model[i++]);
	assert_int_equal(i, n);
	for (node = rb_last(&root->rb_root); node; node = rb_prev(node))
		assert_ptr_equal(item_of(node), model[--i]);
	assert_int_equal(i, 0);
	assert_ptr_equal(rb_first_cached(root), n ? &model[0]->node : NULL);
}

static void model_insert(struct item **model, size_t *n, struct item *it)
{
	size_t i = *n;

	while (i > 0 && item_less_stable(&it->node, &model[i - 1]->node)) {
		model[i] = model[i - 1];
		i--;
	}
	model[i] = it;
	(*n)++;
}

static void model_remove(struct item **model, size_t *n, size_t i)
{
	memmove(&model[i], &model[i + 1], (*n - i - 1) * sizeof(*model));
	(*n)--;
}

static void test_empty(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct rb_root plain = RB_ROOT;
	size_t count = 99;
	int key = 1;

	(void)state;
	assert_true(RB_EMPTY_ROOT(&plain));
	assert_int_equal(rb_check(&plain, item_less, &count), 0);
	assert_int_equal(count, 0);
	assert_int_equal(rb_check_cached(&root, item_less, NULL), 0);
	assert_null(rb_first(&root.rb_root));
	assert_null(rb_last(&root.rb_root));
	assert_null(rb_first_cached(&root));
	assert_null(rb_find(&key, &root.rb_root, item_cmp));
	assert_null(rb_entry_safe(rb_first(&plain), struct item, node));
}

static void test_single(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item a = {.key = 5};

	(void)state;
	RB_CLEAR_NODE(&a.node);
	assert_true(RB_EMPTY_NODE(&a.node));
	assert_true(rb_add_cached(&a.node, &root, item_less));
	assert_false(RB_EMPTY_NODE(&a.node));
	assert_true(rb_is_black(&a.node));
	assert_null(rb_parent(&a.node));
	assert_int_equal(rb_check_cached(&root, item_less, NULL), 1);
	assert_null(rb_next(&a.node));
	assert_null(rb_prev(&a.node));
	assert_ptr_equal(rb_erase_cached(&a.node, &root), NULL);
	assert_true(RB_EMPTY_ROOT(&root.rb_root));
	assert_null(rb_first_cached(&root));
}

/* Ascending, descending and random insertion orders, checked each step. */
static void insert_order(int mode, size_t n)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item *items = calloc(n, sizeof(*items));
	struct item **model = calloc(n, sizeof(*model));
	size_t nmodel = 0;

	assert_non_null(items);
	assert_non_null(model);
	for (size_t i = 0; i < n; i++) {
		int key = mode == 0   ? (int)i
			  : mode == 1 ? (int)(n - i)
				      : (int)(rnd() % (n * 2));
		bool leftmost_expected = nmodel == 0 || key < model[0]->key;

		items[i].key = key;
		items[i].seq = (int)i;
		assert_int_equal(
			rb_add_cached(&items[i].node, &root, item_less),
			leftmost_expected);
		model_insert(model, &nmodel, &items[i]);
		assert_matches(&root, model, nmodel);
	}
	free(model);
	free(items);
}

static void test_insert_orders(void **state)
{
	(void)state;
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (int mode = 0; mode < 3; mode++)
		for (size_t n = 1; n <= 300; n += (n < 20 ? 1 : 37))
			insert_order(mode, n);
}

/* Random inserts and erases (with duplicates) against the model. */
static void test_random_insert_erase(void **state)
{
	enum { N = 1500, STEPS = 6000 };
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item *items = calloc(N, sizeof(*items));
	struct item **model = calloc(N, sizeof(*model));
	bool *in = calloc(N, sizeof(*in));
	size_t nmodel = 0;
	int seq = 0;

	(void)state;
	rng_state = 12345;
	for (int step = 0; step < STEPS; step++) {
		size_t i = rnd() % N;

		if (!in[i]) {
			items[i].key = (int)(rnd() % 200); /* many equal */
			items[i].seq = seq++;
			rb_add_cached(&items[i].node, &root, item_less);
			model_insert(model, &nmodel, &items[i]);
		} else {
			size_t j = 0;
			struct rb_node *next = rb_next(&items[i].node);
			struct rb_node *ret;

			while (model[j] != &items[i])
				j++;
			ret = rb_erase_cached(&items[i].node, &root);
			assert_ptr_equal(ret, j == 0 ? next : NULL);
			RB_CLEAR_NODE(&items[i].node);
			model_remove(model, &nmodel, j);
		}
		in[i] = !in[i];
		if (step % 7 == 0 || nmodel < 50)
			assert_matches(&root, model, nmodel);
	}
	/* Empty half of it in key order, the rest from the right. */
	size_t half = nmodel / 2;

	assert_true(half > 10);
	while (nmodel > half) {
		assert_ptr_equal(rb_first_cached(&root), &model[0]->node);
		rb_erase_cached(&model[0]->node, &root);
		model_remove(model, &nmodel, 0);
		assert_matches(&root, model, nmodel);
	}
	while (nmodel) {
		assert_ptr_equal(rb_last(&root.rb_root),
				 &model[nmodel - 1]->node);
		rb_erase_cached(&model[nmodel - 1]->node, &root);
		nmodel--;
		assert_matches(&root, model, nmodel);
	}
	assert_true(RB_EMPTY_ROOT(&root.rb_root));
	free(in);
	free(model);
	free(items);
}

/* 2^k - 1 ... nodes: height never beyond 2 * log2(n + 1). */
static void test_height_bound(void **state)
{
	enum { N = 20000 };
	struct rb_root root = RB_ROOT;
	struct item *items = calloc(N, sizeof(*items));

	(void)state;
	rng_state = 777;
	for (int i = 0; i < N; i++) {
		items[i].key = (i & 1) ? i : (int)rnd();
		rb_add(&items[i].node, &root, item_less);
		if ((i & (i + 1)) == 0 || i == N - 1) {
			int h = tree_height(&root), lg = 0;
			size_t count;

			while ((1 << lg) < i + 2)
				lg++; /* lg = ceil(log2(n + 1)) */
			assert_true(h <= 2 * lg);
			assert_true(rb_check(&root, item_less, &count) > 0);
			assert_int_equal(count, (size_t)i + 1);
		}
	}
	/* Erase every other node, still balanced. */
	for (int i = 0; i < N; i += 2)
		rb_erase(&items[i].node, &root);
	assert_true(rb_check(&root, item_less, NULL) > 0);
	assert_true(tree_height(&root) <= 2 * 14);
	free(items);
}

/* Equal keys come out in insertion order. */
static void test_stable_duplicates(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item it[64];
	int i = 0;

	(void)state;
	for (int k = 0; k < 64; k++) {
		it[k].key = k % 3;
		it[k].seq = k;
		rb_add(&it[k].node, &root, item_less);
	}
	assert_true(rb_check(&root, item_less_stable, NULL) > 0);
	for (struct rb_node *n = rb_first(&root); n; n = rb_next(n), i++) {
		const struct item *x = item_of(n);

		if (i > 0) {
			const struct item *p = item_of(rb_prev(n));

			assert_true(p->key < x->key ||
				    (p->key == x->key && p->seq < x->seq));
		}
	}
	assert_int_equal(i, 64);
}

/* The caller-driven way: search, rb_link_node, rb_insert_color_cached. */
static void test_link_node(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item it[100];

	(void)state;
	rng_state = 4242;
	for (int k = 0; k < 100; k++) {
		struct rb_node **link = &root.rb_root.rb_node, *parent = NULL;
		bool leftmost = true;

		it[k].key = (int)(rnd() % 1000);
		while (*link) {
			parent = *link;
			if (it[k].key < item_of(parent)->key) {
				link = &parent->rb_left;
			} else {
				link = &parent->rb_right;
				leftmost = false;
			}
		}
		rb_link_node(&it[k].node, parent, link);
		rb_insert_color_cached(&it[k].node, &root, leftmost);
		assert_true(rb_check_cached(&root, item_less, NULL) > 0);
	}
}

static void test_find(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item it[50];

	(void)state;
	for (int k = 0; k < 50; k++) {
		it[k].key = k * 2;
		rb_add(&it[k].node, &root, item_less);
	}
	for (int key = -1; key <= 100; key++) {
		struct rb_node *n = rb_find(&key, &root, item_cmp);

		if (key >= 0 && key < 100 && key % 2 == 0)
			assert_ptr_equal(n, &it[key / 2].node);
		else
			assert_null(n);
	}
}

static void test_replace_node(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item it[31], repl[31];

	(void)state;
	for (int k = 0; k < 31; k++) {
		it[k].key = k;
		rb_add_cached(&it[k].node, &root, item_less);
	}
	/* Replace every node (root, inner nodes, leaves) by a twin. */
	for (int k = 0; k < 31; k++) {
		repl[k].key = k;
		rb_replace_node(&it[k].node, &repl[k].node, &root.rb_root);
		if (root.rb_leftmost == &it[k].node)
			root.rb_leftmost = &repl[k].node;
		assert_true(rb_check_cached(&root, item_less, NULL) > 0);
	}
	int k = 0;

	for (struct rb_node *n = rb_first(&root.rb_root); n; n = rb_next(n))
		assert_ptr_equal(n, &repl[k++].node);
	assert_int_equal(k, 31);
}

/* A red node that has a child, and a red node without children. */
static struct rb_node *find_red(struct rb_root *root, bool with_child)
{
	for (struct rb_node *n = rb_first(root); n; n = rb_next(n))
		if (rb_is_red(n) && ((n->rb_left || n->rb_right) == with_child))
			return n;
	return NULL;
}

/* rb_check names each kind of damage; undoing it makes the tree valid. */
static void test_check_detects(void **state)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item it[100], chain[RB_MAX_DEPTH + 1];
	struct rb_node *top, *n, *kid, *saved_ptr;
	uintptr_t saved;
	int key;
	int bh;

	(void)state;
	for (int k = 0; k < 100; k++) {
		it[k].key = k;
		rb_add_cached(&it[k].node, &root, item_less);
	}
	bh = rb_check_cached(&root, item_less, NULL);
	assert_true(bh > 0);
	top = root.rb_root.rb_node;

	saved = top->__rb_parent_color;
	top->__rb_parent_color = (uintptr_t)&it[0].node | RB_BLACK;
	assert_int_equal(rb_check(&root.rb_root, item_less, NULL),
			 RB_ERR_ROOT_PARENT);
	top->__rb_parent_color = saved & ~RB_BLACK; /* red root */
	assert_int_equal(rb_check(&root.rb_root, item_less, NULL),
			 RB_ERR_RED_ROOT);
	top->__rb_parent_color = saved;

	kid = top->rb_left;
	saved = kid->__rb_parent_color;
	kid->__rb_parent_color = (uintptr_t)&it[99].node | (saved & RB_BLACK);
	assert_int_equal(rb_check(&root.rb_root, item_less, NULL),
			 RB_ERR_PARENT);
	kid->__rb_parent_color = saved;

	n = find_red(&root.rb_root, true);
	assert_non_null(n);
	kid = n->rb_left ? n->rb_left : n->rb_right;
	kid->__rb_parent_color &= ~RB_BLACK;
	assert_int_equal(rb_check(&root.rb_root, item_less, NULL),
			 RB_ERR_RED_RED);
	kid->__rb_parent_color |= RB_BLACK;

	n = find_red(&root.rb_root, false);
	assert_non_null(n);
	n->__rb_parent_color |= RB_BLACK;
	assert_int_equal(rb_check(&root.rb_root, item_less, NULL),
			 RB_ERR_BLACK_HEIGHT);
	n->__rb_parent_color &= ~RB_BLACK;

	key = it[50].key;
	it[50].key = 1000;
	assert_int_equal(rb_check(&root.rb_root, item_less, NULL),
			 RB_ERR_ORDER);
	/* Without an order function the shape alone passes. */
	assert_int_equal(rb_check(&root.rb_root, NULL, NULL), bh);
	it[50].key = key;

	saved_ptr = root.rb_leftmost;
	root.rb_leftmost = &it[1].node;
	assert_int_equal(rb_check_cached(&root, item_less, NULL),
			 RB_ERR_LEFTMOST);
	root.rb_leftmost = saved_ptr;
	assert_int_equal(rb_check_cached(&root, item_less, NULL), bh);

	/* A left chain deeper than any valid tree, parents consistent. */
	for (int k = 0; k <= RB_MAX_DEPTH; k++) {
		chain[k].node.__rb_parent_color =
			(k ? (uintptr_t)&chain[k - 1].node : 0) | RB_BLACK;
		chain[k].node.rb_right = NULL;
		chain[k].node.rb_left =
			k < RB_MAX_DEPTH ? &chain[k + 1].node : NULL;
	}
	struct rb_root deep = {&chain[0].node};

	assert_int_equal(rb_check(&deep, NULL, NULL), RB_ERR_DEPTH);

	/* Black root with only a black left child: the first short path
	 * is found at the root's right NULL. */
	struct item two[2] = {{.key = 2}, {.key = 1}};
	struct rb_root lopsided = {&two[0].node};

	two[0].node = (struct rb_node){RB_BLACK, NULL, &two[1].node};
	two[1].node = (struct rb_node){(uintptr_t)&two[0].node | RB_BLACK, NULL,
				       NULL};
	assert_int_equal(rb_check(&lopsided, item_less, NULL),
			 RB_ERR_BLACK_HEIGHT);
	two[1].node.__rb_parent_color &= ~RB_BLACK; /* red: valid */
	assert_int_equal(rb_check(&lopsided, item_less, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_insert_orders),
		cmocka_unit_test(test_random_insert_erase),
		cmocka_unit_test(test_height_bound),
		cmocka_unit_test(test_stable_duplicates),
		cmocka_unit_test(test_link_node),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_replace_node),
		cmocka_unit_test(test_check_detects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
