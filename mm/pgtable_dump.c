// SPDX-License-Identifier: MIT
/*
 * Reading a whole hierarchy for people: the dump (one line per run of
 * neighbouring pages with the same size and effective rights) and the
 * checker (writable+executable mappings, user mappings in the kernel
 * half). Both ride on pgt_walk, which hands over pages in address order.
 */
#define pr_fmt(fmt) "pgtable: " fmt

#include "mm/pgtable_internal.h"

#include "kernel/lib/log.h"
#include "kernel/lib/vsprintf.h"

/* Longest dump line: two addresses, sizes, rights, count. */
#define DUMP_LINE_MAX 128
/* Room for "1023K" and the like. */
#define SIZE_STR_MAX 24
/* Each size unit is 2^10 of the one before (K, M, G, T, P). */
#define UNIT_SHIFT 10
/* Bit 63 set: the kernel half. */
#define VA_KERNEL_HALF BIT_ULL(63)

/* A run of neighbouring pages [start, end), end wrapping to 0 at 2^64. */
struct span {
	bool valid;
	u64 start;
	u64 end;
	u64 count;
	u64 page_size;
	pgt_prot_t prot;
};

void pgt_prot_str(pgt_prot_t prot, char *buf, size_t size)
{
	unsigned int cache = (prot & PGT_CACHE_MASK) >> PGT_CACHE_SHIFT;
	int n;

	n = kscnprintf(buf, size, "%s %s %s", (prot & PGT_WRITE) ? "RW" : "ro",
		       (prot & PGT_EXEC) ? "x " : "NX",
		       (prot & PGT_GLOBAL) ? "GLB" : "   ");
	if (prot & PGT_USER)
		n += kscnprintf(buf + n, size - n, " USR");
	if (cache)
		kscnprintf(buf + n, size - n, " PAT%u", cache);
}

/* Bytes as the largest unit that divides them: 4K, 2M, 1G, 1T, 1P. */
static void size_str(u64 bytes, char *buf, size_t size)
{
	static const char units[] = "KMGTP";
	unsigned int u = 0;

	while (u + 1 < sizeof(units) - 1 &&
	       IS_ALIGNED(bytes, 1ULL << (UNIT_SHIFT * (u + 2))))
		u++;
	kscnprintf(buf, size, "%llu%c",
		   (unsigned long long)(bytes >> (UNIT_SHIFT * (u + 1))),
		   units[u]);
}

static bool span_extends(const struct span *s, const struct pgt_translation *t,
			 bool same_size)
{
	return s->valid && t->va == s->end &&
	       (!same_size ||
		(t->page_size == s->page_size && t->prot == s->prot));
}

static void span_start(struct span *s, const struct pgt_translation *t)
{
	*s = (struct span){
		.valid = true,
		.start = t->va,
		.end = t->va + t->page_size,
		.count = 1,
		.page_size = t->page_size,
		.prot = t->prot,
	};
}

static void span_add(struct span *s, const struct pgt_translation *t)
{
	s->end += t->page_size;
	s->count++;
}

struct dump {
	struct span run;
	pgt_dump_fn emit;
	void *arg;
};

static void dump_flush(struct dump *d)
{
	char line[DUMP_LINE_MAX], total[SIZE_STR_MAX], page[SIZE_STR_MAX];
	char prot[PGT_PROT_STR_MAX];
	const struct span *s = &d->run;

	if (!s->valid)
		return;
	size_str(s->count * s->page_size, total, sizeof(total));
	size_str(s->page_size, page, sizeof(page));
	pgt_prot_str(s->prot, prot, sizeof(prot));
	kscnprintf(line, sizeof(line), "0x%016llx-0x%016llx %4s  %s  %llux%s",
		   (unsigned long long)s->start, (unsigned long long)s->end,
		   total, prot, (unsigned long long)s->count, page);
	if (d->emit)
		d->emit(d->arg, line);
	else
		pr_info("%s\n", line);
}

static int dump_page(void *arg, const struct pgt_translation *t)
{
	struct dump *d = arg;

	if (span_extends(&d->run, t, true)) {
		span_add(&d->run, t);
		return 0;
	}
	dump_flush(d);
	span_start(&d->run, t);
	return 0;
}

void pgt_dump(const struct pgt *p, pgt_dump_fn emit, void *arg)
{
	struct dump d = {.emit = emit, .arg = arg};

	pgt_walk(p, dump_page, &d);
	dump_flush(&d);
}

/* The checker keeps one run per kind of finding. */
struct check {
	struct span wx;
	struct span user;
	struct pgt_check_result res;
};

static void check_flush_wx(struct check *c)
{
	char prot[PGT_PROT_STR_MAX];

	if (!c->wx.valid)
		return;
	pgt_prot_str(c->wx.prot, prot, sizeof(prot));
	pr_warn("W+X mapping 0x%016llx-0x%016llx (%s)\n",
		(unsigned long long)c->wx.start, (unsigned long long)c->wx.end,
		prot);
	c->res.nr_wx++;
	c->res.wx_bytes += c->wx.end - c->wx.start;
	c->wx.valid = false;
}

static void check_flush_user(struct check *c)
{
	if (!c->user.valid)
		return;
	pr_warn("user-accessible mapping in the kernel half "
		"0x%016llx-0x%016llx\n",
		(unsigned long long)c->user.start,
		(unsigned long long)c->user.end);
	c->res.nr_user_kernel++;
	c->res.user_kernel_bytes += c->user.end - c->user.start;
	c->user.valid = false;
}

static void check_track(struct span *s, const struct pgt_translation *t,
			bool bad, struct check *c,
			void (*flush)(struct check *c))
{
	if (bad && span_extends(s, t, false)) {
		span_add(s, t);
		return;
	}
	flush(c);
	if (bad)
		span_start(s, t);
}

static int check_page(void *arg, const struct pgt_translation *t)
{
	struct check *c = arg;
	bool wx = (t->prot & PGT_WRITE) && (t->prot & PGT_EXEC);
	bool user = (t->prot & PGT_USER) && (t->va & VA_KERNEL_HALF);

	check_track(&c->wx, t, wx, c, check_flush_wx);
	check_track(&c->user, t, user, c, check_flush_user);
	return 0;
}

u64 pgt_check(const struct pgt *p, struct pgt_check_result *res)
{
	struct check c = {0};

	pgt_walk(p, check_page, &c);
	check_flush_wx(&c);
	check_flush_user(&c);
	if (res)
		*res = c.res;
	return c.res.nr_wx + c.res.nr_user_kernel;
}
