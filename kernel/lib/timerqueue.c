// SPDX-License-Identifier: MIT
#include "kernel/lib/timerqueue.h"

bool timerqueue_add(struct timerqueue_head *head, struct timerqueue_node *node)
{
	struct timerqueue_node **link = &head->first;

	while (*link && (*link)->expires <= node->expires)
		link = &(*link)->next;
	node->next = *link;
	*link = node;
	node->queued = true;
	return head->first == node;
}

bool timerqueue_del(struct timerqueue_head *head, struct timerqueue_node *node)
{
	for (struct timerqueue_node **link = &head->first; *link;
	     link = &(*link)->next) {
		if (*link == node) {
			*link = node->next;
			node->next = NULL;
			node->queued = false;
			return true;
		}
	}
	return false;
}

struct timerqueue_node *timerqueue_pop_expired(struct timerqueue_head *head,
					       u64 now)
{
	struct timerqueue_node *n = head->first;

	if (!n || n->expires > now)
		return NULL;
	head->first = n->next;
	n->next = NULL;
	n->queued = false;
	return n;
}
