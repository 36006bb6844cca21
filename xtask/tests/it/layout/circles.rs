//! The circles of a graph: its strongly connected parts of more than one module (Tarjan's
//! algorithm), each named by one circle through all of its modules where there is one, or
//! by the circles that together pass through them all.

use std::collections::{BTreeMap, BTreeSet};

/// The arrows of a graph: each node and the nodes it points to.
pub type Arrows = BTreeMap<String, BTreeSet<String>>;

/// The strongly connected parts of more than one node, each as its nodes in order.
pub fn tangles(arrows: &Arrows) -> Vec<BTreeSet<String>> {
    let mut state = Tarjan::default();
    for node in arrows.keys() {
        if !state.index.contains_key(node) {
            state.visit(arrows, node);
        }
    }
    state.parts.retain(|part| part.len() > 1);
    state.parts.sort();
    state.parts
}

#[derive(Default)]
struct Tarjan {
    next: usize,
    index: BTreeMap<String, usize>,
    low: BTreeMap<String, usize>,
    stack: Vec<String>,
    on_stack: BTreeSet<String>,
    parts: Vec<BTreeSet<String>>,
}

impl Tarjan {
    fn visit(&mut self, arrows: &Arrows, node: &str) {
        self.index.insert(node.to_owned(), self.next);
        self.low.insert(node.to_owned(), self.next);
        self.next += 1;
        self.stack.push(node.to_owned());
        self.on_stack.insert(node.to_owned());
        for target in arrows.get(node).into_iter().flatten() {
            if !self.index.contains_key(target) {
                self.visit(arrows, target);
                let low = self.low[node].min(self.low[target]);
                self.low.insert(node.to_owned(), low);
            } else if self.on_stack.contains(target) {
                let low = self.low[node].min(self.index[target]);
                self.low.insert(node.to_owned(), low);
            }
        }
        if self.low[node] == self.index[node] {
            let mut part = BTreeSet::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack.remove(&top);
                let done = top == node;
                part.insert(top);
                if done {
                    break;
                }
            }
            self.parts.push(part);
        }
    }
}

/// Circles through the nodes of `part`, each as its nodes in order and back to the first:
/// for each node not yet on a circle, the shortest circle through it.
pub fn circles_in(arrows: &Arrows, part: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut covered: BTreeSet<&String> = BTreeSet::new();
    let mut circles = Vec::new();
    for start in part {
        if covered.contains(start) {
            continue;
        }
        if let Some(circle) = shortest_circle(arrows, part, start) {
            covered.extend(part.iter().filter(|node| circle.contains(node)));
            circles.push(circle);
        }
    }
    circles
}

/// The shortest way from `start` back to itself inside `part` (breadth first).
fn shortest_circle(arrows: &Arrows, part: &BTreeSet<String>, start: &str) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for target in arrows.get(node).into_iter().flatten() {
            if !part.contains(target) {
                continue;
            }
            if target == start {
                let mut circle = vec![node.to_owned()];
                let mut at = node;
                while at != start {
                    at = came_from[at];
                    circle.push(at.to_owned());
                }
                circle.reverse();
                circle.push(start.to_owned());
                return Some(circle);
            }
            if target != start && !came_from.contains_key(target.as_str()) {
                came_from.insert(target, node);
                queue.push_back(target);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrows(pairs: &[(&str, &str)]) -> Arrows {
        let mut arrows = Arrows::new();
        for (from, to) in pairs {
            arrows
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
            arrows.entry((*to).to_owned()).or_default();
        }
        arrows
    }

    #[test]
    fn circles_are_found_and_named_in_order() {
        let graph = arrows(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")]);
        let parts = tangles(&graph);
        assert_eq!(parts.len(), 1);
        assert_eq!(circles_in(&graph, &parts[0]), [["a", "b", "c", "a"]]);
        assert!(tangles(&arrows(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
    }
}
