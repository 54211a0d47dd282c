//! Questions asked of a built graph: one file per question, all over one [`Index`].
//!
//! The index turns the petgraph graph into compact adjacency lists (papers → entities and
//! entities → papers, by dense `u32` numbers) plus each entity's inverse document frequency,
//! so every question is a few passes over plain vectors. Answers are [`Table`]s, printed
//! aligned for people or as JSON / CSV for scripts.

pub mod communities;
pub mod cooccur;
pub mod entity;
pub mod path;
pub mod project;
pub mod related;
pub mod review;
pub mod shared;
pub mod table;
pub mod top;

pub use table::Table;

use crate::extract::EntityKind;
use crate::graph::KnowledgeGraph;
use crate::graph::select::{SelectError, find_node_where};
use petgraph::graph::NodeIndex;

/// The graph as adjacency lists over papers and entities.
pub struct Index<'g> {
    /// The graph.
    pub graph: &'g KnowledgeGraph,
    /// Paper number → node.
    pub papers: Vec<NodeIndex>,
    /// Entity number → node.
    pub entities: Vec<NodeIndex>,
    /// Node index → paper or entity number.
    number: Vec<u32>,
    /// Per paper, its entity numbers (ascending).
    pub paper_entities: Vec<Vec<u32>>,
    /// Per entity, its paper numbers (ascending).
    pub entity_papers: Vec<Vec<u32>>,
    /// Per entity, `ln(papers / papers using it)`: rare entities weigh more.
    pub idf: Vec<f64>,
}

impl<'g> Index<'g> {
    /// Indexes a graph.
    pub fn new(graph: &'g KnowledgeGraph) -> Self {
        let n = graph.node_count();
        let mut number = vec![u32::MAX; n];
        let (mut papers, mut entities) = (Vec::new(), Vec::new());
        for (i, node) in graph.nodes() {
            if node.paper().is_some() {
                number[i.index()] = papers.len() as u32;
                papers.push(i);
            } else {
                number[i.index()] = entities.len() as u32;
                entities.push(i);
            }
        }
        let mut paper_entities = vec![Vec::new(); papers.len()];
        let mut entity_papers = vec![Vec::new(); entities.len()];
        for e in graph.petgraph().edge_indices() {
            let (a, b) = graph.petgraph().edge_endpoints(e).expect("edge exists");
            let (p, en) = match (graph.node(a).paper(), graph.node(b).paper()) {
                (Some(_), None) => (number[a.index()], number[b.index()]),
                (None, Some(_)) => (number[b.index()], number[a.index()]),
                _ => continue,
            };
            paper_entities[p as usize].push(en);
            entity_papers[en as usize].push(p);
        }
        for v in paper_entities.iter_mut().chain(entity_papers.iter_mut()) {
            v.sort_unstable();
            v.dedup();
        }
        let total = papers.len().max(1) as f64;
        let idf = entity_papers
            .iter()
            .map(|ps| (total / ps.len().max(1) as f64).ln())
            .collect();
        Index {
            graph,
            papers,
            entities,
            number,
            paper_entities,
            entity_papers,
            idf,
        }
    }

    /// The paper number of a node, if it is a paper.
    pub fn paper_number(&self, i: NodeIndex) -> Option<u32> {
        self.graph.node(i).paper().map(|_| self.number[i.index()])
    }

    /// The entity number of a node, if it is an entity.
    pub fn entity_number(&self, i: NodeIndex) -> Option<u32> {
        self.graph.node(i).entity().map(|_| self.number[i.index()])
    }

    /// An entity's kind.
    pub fn kind(&self, e: u32) -> EntityKind {
        self.graph
            .node(self.entities[e as usize])
            .entity()
            .expect("entity numbers name entities")
            .kind
    }

    /// An entity's name.
    pub fn entity_name(&self, e: u32) -> &str {
        self.graph.node(self.entities[e as usize]).label()
    }

    /// A paper's title.
    pub fn title(&self, p: u32) -> &str {
        self.graph.node(self.papers[p as usize]).label()
    }

    /// A paper's node id.
    pub fn paper_id(&self, p: u32) -> &str {
        &self.graph.node(self.papers[p as usize]).id
    }

    /// The paper a user means: id, title (case and punctuation ignored) or unique title
    /// prefix.
    pub fn find_paper(&self, name: &str) -> Result<u32, SelectError> {
        let i = find_node_where(self.graph, name, |n| n.paper().is_some())?;
        Ok(self.paper_number(i).expect("only papers accepted"))
    }

    /// The entity a user means: id, name or alias (case and punctuation ignored).
    pub fn find_entity(&self, name: &str) -> Result<u32, SelectError> {
        match find_node_where(self.graph, name, |n| n.entity().is_some()) {
            Ok(i) => Ok(self.entity_number(i).expect("only entities accepted")),
            Err(SelectError::NoMatch { .. }) if self.find_paper(name).is_ok() => {
                let p = self.find_paper(name).expect("just found");
                Err(SelectError::IsPaper {
                    name: name.to_owned(),
                    id: self.paper_id(p).to_owned(),
                })
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests_fixture;
    use serde_json::json;

    // The fixture: paper 1234 uses BERT and SQuAD, paper 2 uses BERT, paper 3 introduces
    // "=cmd".

    #[test]
    fn shared_lists_entities_of_two_papers() {
        let g = tests_fixture();
        let ix = Index::new(&g);
        let t = shared::shared(&ix, None, 2, 10);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.get(0, "entity"), json!("BERT"));
        assert_eq!(t.get(0, "id"), json!("model:bert"));
        assert_eq!(t.get(0, "papers"), json!(2));
        assert_eq!(t.get(0, "paper_ids"), json!(["paper:1234", "paper:2"]));
    }

    #[test]
    fn related_ranks_by_shared_entities() {
        let g = tests_fixture();
        let ix = Index::new(&g);
        let p = ix.find_paper("paper:1234").unwrap();
        let t = related::related(&ix, p, None, 10);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.get(0, "paper"), json!("Two lines\nabout paper:1234"));
        assert_eq!(t.get(0, "id"), json!("paper:2"));
        assert_eq!(t.get(0, "shared"), json!(["BERT"]));
        // ln(3/2) for BERT, used by two of three papers.
        assert_eq!(t.get(0, "score"), json!(0.405));
    }

    #[test]
    fn entity_cooccur_top_and_path() {
        let g = tests_fixture();
        let ix = Index::new(&g);
        let e = ix.find_entity("squad").unwrap();
        let t = entity::entity(&ix, e, 5);
        let field = |name: &str| t.rows.iter().find(|r| r[0] == json!(name)).unwrap()[1].clone();
        assert_eq!(
            field("used_with"),
            json!([{"id": "model:bert", "name": "BERT", "papers": 1}])
        );
        let c = cooccur::cooccur(&ix, EntityKind::Model, EntityKind::Dataset, 1, 10);
        assert_eq!(c.rows.len(), 1);
        assert_eq!(
            (c.rows[0][0].clone(), c.rows[0][1].clone()),
            (json!("BERT"), json!("SQuAD"))
        );
        let top = top::top(&ix, None, top::By::Papers, 1);
        assert_eq!(top.get(0, "entity"), json!("BERT"));
        let a = g.find("paper:2").unwrap();
        let b = g.find("dataset:squad").unwrap();
        let p = path::path(&ix, a, b).unwrap();
        let names: Vec<_> = p.rows.iter().map(|r| r[2].clone()).collect();
        assert_eq!(names.len(), 4); // paper 2 → BERT ← paper 1234 → SQuAD
        assert_eq!(names[1], json!("BERT"));
        assert!(path::path(&ix, a, g.find("method:cmd").unwrap()).is_none());
    }

    #[test]
    fn pagerank_is_a_distribution() {
        let g = tests_fixture();
        let ix = Index::new(&g);
        let pr = top::pagerank(&ix);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let bert = g.find("model:bert").unwrap().index();
        assert!(pr.iter().all(|&x| x <= pr[bert]));
    }

    #[test]
    fn projections() {
        let g = tests_fixture();
        let ix = Index::new(&g);
        let papers = project::project(&ix, project::Onto::Papers, &Default::default());
        assert_eq!(papers.node_count(), 3);
        assert_eq!(papers.edge_count(), 1);
        let (a, b, e) = papers.edges().next().unwrap();
        assert_eq!(
            (a.id.as_str(), b.id.as_str(), e.mentions),
            ("paper:1234", "paper:2", 1)
        );
        let ents = project::project(&ix, project::Onto::Entities, &Default::default());
        assert_eq!(ents.node_count(), 3);
        let (a, b, _) = ents.edges().next().unwrap();
        assert_eq!(
            (a.id.as_str(), b.id.as_str()),
            ("model:bert", "dataset:squad")
        );
    }

    #[test]
    fn npmi_bounds() {
        assert!((cooccur::npmi(5, 5, 5, 100.0) - 1.0).abs() < 1e-9);
        assert!(cooccur::npmi(1, 50, 50, 100.0) < 0.0);
    }
}
