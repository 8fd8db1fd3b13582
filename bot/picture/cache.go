package picture

import (
	"container/list"
	"sync"
)

// cache keeps the pictures drawn last, at most entries of them and about
// maxBytes of their PNG data, dropping the least recently used.
type cache struct {
	mu       sync.Mutex
	entries  int
	maxBytes int
	bytes    int
	order    *list.List // front: most recently used; values *entry
	byKey    map[string]*list.Element
}

type entry struct {
	key   string
	value any
	size  int
}

func newCache(entries, maxBytes int) *cache {
	return &cache{entries: entries, maxBytes: maxBytes, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *cache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry).value, true
}

func (c *cache) put(key string, value any, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == 0 || size > c.maxBytes {
		return
	}
	if el, ok := c.byKey[key]; ok {
		c.bytes -= el.Value.(*entry).size
		c.order.Remove(el)
	}
	c.byKey[key] = c.order.PushFront(&entry{key, value, size})
	c.bytes += size
	for c.order.Len() > c.entries || c.bytes > c.maxBytes {
		el := c.order.Back()
		e := el.Value.(*entry)
		c.order.Remove(el)
		delete(c.byKey, e.key)
		c.bytes -= e.size
	}
}

// len is how many pictures the cache holds.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
