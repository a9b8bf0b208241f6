//! The order a schema's objects are created in: every object after what it depends on, and
//! among the objects that are free to go, by kind (types, sequences, functions, tables, views)
//! and then by name, so that the output is stable.

use std::collections::{BTreeSet, HashMap};

/// One object of the dump: its key in the dependency graph, its kind's rank, a name to sort
/// by, and its statements.
#[derive(Debug, Clone)]
pub struct Object {
    pub key: String,
    pub rank: u8,
    pub name: String,
    pub ddl: String,
}

/// `objects` in dependency order. `edges` are (dependent, dependency) keys; keys that name no
/// object are ignored. A cycle (possible only where a function body needs what needs it) is
/// broken by taking the first object left, in the usual order.
pub fn dependency_order(objects: Vec<Object>, edges: &[(String, String)]) -> Vec<Object> {
    let index: HashMap<&str, usize> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| (o.key.as_str(), i))
        .collect();
    let mut waits_for = vec![0usize; objects.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); objects.len()];
    let mut seen = BTreeSet::new();
    for (from, to) in edges {
        if let (Some(&a), Some(&b)) = (index.get(from.as_str()), index.get(to.as_str()))
            && a != b
            && seen.insert((a, b))
        {
            waits_for[a] += 1;
            dependents[b].push(a);
        }
    }
    let sort_key = |i: usize| (objects[i].rank, objects[i].name.clone(), i);
    let mut ready: BTreeSet<_> = (0..objects.len())
        .filter(|&i| waits_for[i] == 0)
        .map(sort_key)
        .collect();
    let mut left: BTreeSet<_> = (0..objects.len()).map(sort_key).collect();
    let mut order = Vec::with_capacity(objects.len());
    while !left.is_empty() {
        let next = match ready.pop_first() {
            Some(k) => k,
            // a cycle: the first object left goes anyway
            None => left.first().cloned().expect("not empty"),
        };
        if !left.remove(&next) {
            continue;
        }
        let i = next.2;
        order.push(i);
        for &d in &dependents[i] {
            waits_for[d] = waits_for[d].saturating_sub(1);
            if waits_for[d] == 0 && left.contains(&sort_key(d)) {
                ready.insert(sort_key(d));
            }
        }
    }
    let mut slots: Vec<Option<Object>> = objects.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(key: &str, rank: u8) -> Object {
        Object {
            key: key.into(),
            rank,
            name: key.into(),
            ddl: String::new(),
        }
    }

    fn keys(objects: &[Object]) -> Vec<&str> {
        objects.iter().map(|o| o.key.as_str()).collect()
    }

    #[test]
    fn dependencies_come_first_then_rank_then_name() {
        let objects = vec![obj("view_b", 5), obj("view_a", 5), obj("t", 4), obj("f", 3)];
        // view_a reads view_b; f returns rows of t
        let edges = vec![
            ("view_a".into(), "view_b".into()),
            ("f".into(), "t".into()),
            ("view_b".into(), "t".into()),
            ("x".into(), "t".into()),
        ];
        let order = dependency_order(objects, &edges);
        assert_eq!(keys(&order), ["t", "f", "view_b", "view_a"]);
    }

    #[test]
    fn a_cycle_still_gives_every_object_once() {
        let objects = vec![obj("a", 3), obj("b", 3), obj("c", 1)];
        let edges = vec![("a".into(), "b".into()), ("b".into(), "a".into())];
        let order = dependency_order(objects, &edges);
        assert_eq!(keys(&order), ["c", "a", "b"]);
    }
}
