-- Learning objects with the highest completion rate among those with at least 20 learners.
select
    learning_object_type,
    learning_object_name,
    learners,
    completers,
    completion_rate,
    average_score
from {{ ref('rpt_learning_object_engagement') }}
where learners >= 20 and source_system = 'learnamp'
order by completion_rate desc, learners desc
limit 25
